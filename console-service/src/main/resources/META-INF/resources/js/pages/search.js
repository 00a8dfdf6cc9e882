// The search page: query box and filters mirrored in the URL hash, facets as clickable counts, results with
// level, score, signals and the evidence sentence, story grouping, "more" on the cursor, and the bounded export.

import { api, isAbort } from '../api.js';
import {
  $, h, replace, present, highlightNodes, highlightedTerms, markTerms, levelBadge, timeEl, humanize,
} from '../dom.js';
import { showError, clearError, announce, busy } from '../ui.js';
import * as session from '../session.js';
import {
  stateFrom, searchHash, timelineHash, splitList, toLocalInput, fromLocalInput, rememberSearch, rememberStory,
  queryAndFilters, toQueryString, describe,
} from '../params.js';
import { exportSearch, EXPORT_LIMIT } from '../export.js';

const form = $('#search-form');
const q = $('#q');
const fFrom = $('#f-from');
const fTo = $('#f-to');
const fLevel = $('#f-level');
const fSignal = $('#f-signal');
const fModality = $('#f-modality');
const fActor = $('#f-actor');
const fSource = $('#f-source');
const fLanguage = $('#f-language');
const fSort = $('#f-sort');
const fGroup = $('#f-group-story');
const chips = $('#active-filters');
const facetGroups = $('#facet-groups');
const results = $('#results');
const count = $('#result-count');
const empty = $('#results-empty');
const more = $('#more');
const groupNote = $('#group-note');
const saveSearch = $('#save-search');
const openTimeline = $('#open-timeline');
const exportCsv = $('#export-csv');
const exportJson = $('#export-json');
const exportNote = $('#export-note');

/** Filters the form has no control for: kept from the link, shown as removable chips. */
const HIDDEN_FILTERS = ['category', 'dyad', 'minScore', 'feed', 'tag'];

const FACETS = [
  ['levels', 'level', 'Level'],
  ['signals', 'signal', 'Signal'],
  ['actors', 'actor', 'Actor'],
  ['sources', 'source', 'Source'],
  ['languages', 'language', 'Language'],
  ['categories', 'category', 'Event category'],
];

const FILTER_LABELS = {
  from: 'From', to: 'Before', level: 'Level', signal: 'Signal', modality: 'Modality', actor: 'Actor',
  source: 'Source', language: 'Language', category: 'Category', dyad: 'Dyad', minScore: 'Score at least',
  feed: 'Feed', tag: 'Tag',
};

let state = {};
let loaded = false;
let force = false;
let controller = null;
let cursor = null;
let shown = 0;

function setSelect(select, value) {
  const v = value || '';
  if (v && ![...select.options].some((o) => o.value === v)) {
    // several values from a link (HIGH,CRITICAL): offered as one choice so the link survives a change elsewhere
    select.append(h('option', { value: v, 'data-extra': '' }, v.split(',').map(humanize).join(' or ')));
  }
  select.value = v;
}

function fill(st) {
  q.value = st.q || '';
  fFrom.value = toLocalInput(st.from);
  fTo.value = toLocalInput(st.to);
  setSelect(fLevel, st.level);
  setSelect(fSignal, st.signal);
  setSelect(fModality, st.modality ? st.modality.toLowerCase() : '');
  fActor.value = splitList(st.actor).join(', ');
  fSource.value = splitList(st.source).join(', ');
  fLanguage.value = splitList(st.language).join(', ');
  setSelect(fSort, st.sort);
  fGroup.checked = st.group === 'story';
  renderChips(st);
}

function read() {
  const st = {
    q: q.value.trim(),
    from: fromLocalInput(fFrom.value),
    to: fromLocalInput(fTo.value),
    level: fLevel.value,
    signal: fSignal.value,
    modality: fModality.value,
    actor: splitList(fActor.value).map((v) => v.toUpperCase()).join(','),
    source: splitList(fSource.value).map((v) => v.toLowerCase()).join(','),
    language: splitList(fLanguage.value).map((v) => v.toLowerCase()).join(','),
    sort: fSort.value,
    group: fGroup.checked ? 'story' : '',
  };
  for (const k of HIDDEN_FILTERS) if (state[k]) st[k] = state[k];
  return clean(st);
}

function clean(st) {
  const out = {};
  for (const [k, v] of Object.entries(st)) if (v != null && v !== '') out[k] = v;
  return out;
}

function same(a, b) {
  return toQueryString(a) === toQueryString(b);
}

/** Puts a search in the URL (which runs it through the router), or runs it again when the URL is already it. */
function navigate(st) {
  const hash = searchHash(clean(st));
  force = true;
  if (location.hash === hash) {
    force = false;
    state = clean(st);
    run();
  } else {
    location.hash = hash;
  }
}

function renderChips(st) {
  const list = [];
  for (const key of Object.keys(FILTER_LABELS)) {
    if (!st[key]) continue;
    const values = key === 'from' || key === 'to' || key === 'minScore' || key === 'modality'
      ? [st[key]] : splitList(st[key]);
    for (const value of values) {
      const shownValue = key === 'from' || key === 'to'
        ? new Date(value).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : value;
      list.push(h('button', {
        type: 'button',
        class: 'chip',
        'aria-label': `Remove filter ${FILTER_LABELS[key]} ${shownValue}`,
        onclick: () => navigate(without(st, key, value)),
      }, `${FILTER_LABELS[key]}: ${shownValue}`, h('span', { 'aria-hidden': 'true', class: 'chip-x' }, ' ×')));
    }
  }
  replace(chips, list);
  chips.hidden = list.length === 0;
}

function without(st, key, value) {
  const next = { ...st };
  const rest = splitList(next[key]).filter((v) => v !== value);
  if (rest.length && !['from', 'to', 'minScore', 'modality'].includes(key)) next[key] = rest.join(',');
  else delete next[key];
  return next;
}

/** A facet click: an actor is added (all of them must match); any other facet narrows to that one value. */
function applyFacet(param, value) {
  const next = { ...state };
  const current = splitList(next[param]);
  if (current.includes(value)) {
    return navigate(without(state, param, value));
  }
  next[param] = param === 'actor' ? [...current, value].join(',') : value;
  return navigate(next);
}

function renderFacets(facets) {
  const groups = [];
  for (const [field, param, label] of FACETS) {
    const buckets = (facets && facets[field]) || [];
    if (!buckets.length) continue;
    const active = splitList(state[param]);
    groups.push(h('section', { class: 'facet-group' },
      h('h3', { class: 'h-small' }, label),
      h('ul', { class: 'facet-list' }, buckets.map((b) => {
        const on = active.includes(b.key);
        return h('li', null, h('button', {
          type: 'button',
          class: on ? 'facet is-active' : 'facet',
          dataset: { facet: param, value: b.key },
          'aria-pressed': on ? 'true' : 'false',
          'aria-label': `${label} ${param === 'signal' || param === 'category' ? humanize(b.key) : b.key}: ${b.count} articles${on ? ' (applied; press to remove)' : ''}`,
          onclick: () => applyFacet(param, b.key),
        },
        h('span', { class: 'facet-label' }, param === 'signal' || param === 'category' ? humanize(b.key) : b.key),
        ' ',
        h('span', { class: 'facet-count' }, String(b.count))));
      }))));
  }
  replace(facetGroups, groups.length ? groups : h('p', { class: 'hint' }, 'No facets for this result.'));
}

function evidenceNodes(item) {
  const doc = item.document || {};
  const an = doc.analysis || {};
  const textHl = (item.highlights && item.highlights['article.text']) || [];
  const titleHl = (item.highlights && item.highlights['article.title']) || [];
  const top = (an.topEvidence && an.topEvidence[0])
    || (an.signals && an.signals[0] && an.signals[0].evidence)
    || (an.events && an.events[0] && an.events[0].evidence);
  if (top && top.sentence) {
    const terms = highlightedTerms([...textHl, ...titleHl]);
    if (top.matchedText) terms.push(top.matchedText);
    return markTerms(top.sentence, terms);
  }
  if (textHl.length) return highlightNodes(textHl[0]);
  const a = doc.article || {};
  const text = a.summary || a.text || '';
  return document.createTextNode(text.length > 240 ? `${text.slice(0, 240)}…` : text);
}

function renderItem(item) {
  const doc = item.document || {};
  const a = doc.article || {};
  const an = doc.analysis || {};
  rememberStory(item.id, item.storyId);
  const titleHl = item.highlights && item.highlights['article.title'] && item.highlights['article.title'][0];
  const seen = new Set();
  const signals = (an.signals || []).filter((s) => {
    const k = `${s.type}|${s.modality}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const score = typeof an.escalationScore === 'number' ? an.escalationScore : 0;
  return h('li', { class: 'result', dataset: { id: item.id } },
    h('div', { class: 'result-head' },
      levelBadge(an.level),
      h('span', { class: 'score', title: 'Escalation score, 0-100' },
        h('span', { class: 'visually-hidden' }, 'Escalation score '), String(score)),
      h('h2', { class: 'result-h' },
        h('a', { class: 'result-title', href: `#/article/${encodeURIComponent(item.id)}` },
          titleHl ? highlightNodes(titleHl) : (a.title || '(untitled)')))),
    h('p', { class: 'meta' },
      h('span', null, a.sourceDomain || 'unknown source'), ' · ', timeEl(a.publishedAt),
      a.language ? ` · ${a.language}` : '',
      typeof item.score === 'number' ? h('span', { class: 'muted' }, ` · relevance ${item.score.toFixed(2)}`) : ''),
    h('ul', { class: 'signals', 'aria-label': 'Signals' },
      signals.length
        ? signals.map((s) => h('li', { class: `signal signal-${String(s.modality || '').toLowerCase()}` },
          humanize(s.type), h('span', { class: 'signal-mod' }, ` · ${String(s.modality || '').toLowerCase()}`)))
        : h('li', { class: 'signal signal-none' }, 'no signals')),
    h('p', { class: 'evidence' }, evidenceNodes(item)),
    item.story && state.group === 'story'
      ? h('p', { class: 'story-line' },
        h('a', { href: `#/story/${encodeURIComponent(item.storyId)}` },
          item.story.count > 1 ? `${item.story.count} matching articles in this story` : 'Only article of its story'))
      : null);
}

// total=estimate: above 10,000 matches the API stops counting and says totalRelation "gte" (a lower bound)
function totalText(page) {
  return `${page.total.toLocaleString()}${page.totalRelation === 'gte' ? '+' : ''}`;
}

function renderCount(page) {
  const articles = `${totalText(page)} ${page.total === 1 && page.totalRelation !== 'gte' ? 'article' : 'articles'}`;
  if (state.group === 'story') {
    const stories = page.stories ?? page.items.length;
    count.textContent = `${stories.toLocaleString()} ${stories === 1 ? 'story' : 'stories'} · ${articles}`;
  } else {
    count.textContent = `${articles}${shown < page.total ? ` · showing ${shown.toLocaleString()}` : ''}`;
  }
}

function render(page, appending) {
  const items = page.items || [];
  if (!appending) {
    results.replaceChildren();
    renderFacets(page.facets);
  }
  const nodes = items.map(renderItem);
  results.append(...nodes);
  shown += items.length;
  cursor = state.group === 'story' ? null : page.nextCursor;
  more.hidden = !cursor;
  groupNote.hidden = !(state.group === 'story' && page.total > items.length);
  empty.hidden = page.total > 0;
  renderCount(page);
  exportNote.textContent = `Exports hold at most the first ${EXPORT_LIMIT.toLocaleString()} results of this search`
    + `${page.total > EXPORT_LIMIT ? ` (of ${totalText(page)})` : ''}, read 100 at a time in the current order,`
    + ' one article per row (not grouped by story).';
  return nodes;
}

// A first page asks for all facets (the default) and an estimated total: exact up to 10,000, then "10,000+", so a
// broad search does not count every match. Cursor pages get neither facets nor a new count (the cursor carries it).
function apiParams(size) {
  const p = { ...state, size, total: 'estimate' };
  if (p.group !== 'story') delete p.group;
  return p;
}

async function run() {
  if (controller) controller.abort();
  controller = new AbortController();
  const { signal } = controller;
  shown = 0;
  cursor = null;
  more.hidden = true;
  // the previous search's results and facets go at once: nothing stale stays clickable while this one runs
  results.replaceChildren();
  replace(facetGroups);
  empty.hidden = true;
  groupNote.hidden = true;
  count.textContent = 'Searching…';
  try {
    const page = await busy(results, api.get('/api/articles', apiParams(state.group === 'story' ? 50 : 20), { signal }));
    loaded = true;
    render(page, false);
    announce(count.textContent);
  } catch (e) {
    if (isAbort(e)) return;
    loaded = false;
    count.textContent = 'The search did not run: see the message above.';
    showError(e, 'Search');
  }
}

async function loadMore() {
  if (!cursor) return;
  clearError();
  more.disabled = true;
  more.textContent = 'Loading…';
  try {
    const page = await busy(results, api.get('/api/articles', { ...apiParams(20), cursor }, { signal: controller.signal }));
    const nodes = render(page, true);
    const first = nodes[0] && nodes[0].querySelector('a.result-title');
    if (first) first.focus();
    announce(`${page.items.length} more results`);
  } catch (e) {
    if (!isAbort(e)) showError(e, 'More results');
  } finally {
    more.disabled = false;
    more.textContent = 'More results';
  }
}

async function runExport(format, button) {
  clearError();
  const label = button.textContent;
  button.disabled = true;
  try {
    const { count: n, total } = await exportSearch(format, state, (done, all) => {
      button.textContent = `Exporting ${done.toLocaleString()} of ${Math.min(all, EXPORT_LIMIT).toLocaleString()}…`;
    });
    announce(`Exported ${n} of ${total} results as ${format.toUpperCase()}`);
  } catch (e) {
    showError(e, 'Export');
  } finally {
    button.disabled = false;
    button.textContent = label;
  }
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  navigate(read());
});
form.addEventListener('change', (e) => {
  // choices apply at once; typed text and dates wait for Enter or "Apply filters"
  if (e.target.tagName === 'SELECT' || e.target.type === 'checkbox') navigate(read());
});
$('#filters-clear').addEventListener('click', () => navigate(state.q ? { q: state.q } : {}));
more.addEventListener('click', loadMore);
exportCsv.addEventListener('click', () => runExport('csv', exportCsv));
exportJson.addEventListener('click', () => runExport('json', exportJson));
saveSearch.addEventListener('click', () => {
  const query = toQueryString(queryAndFilters(state), { new: '1' });
  location.hash = `#/alerts?${query}`;
});

export default {
  title: () => (state.q ? `“${state.q}” – Search` : 'Search'),
  show(route) {
    present(saveSearch, session.atLeast('editor'));
    const next = stateFrom(route.params);
    fill(next);
    openTimeline.href = timelineHash(queryAndFilters(next));
    openTimeline.setAttribute('aria-label', `Timeline of ${describe(next)}`);
    rememberSearch(next);
    if (!force && loaded && same(next, state)) return; // back from an article: keep the results and place
    force = false;
    state = next;
    run();
  },
  hide() {},
  reset() {
    state = {};
    loaded = false;
    results.replaceChildren();
    facetGroups.replaceChildren();
    count.textContent = '';
  },
};
