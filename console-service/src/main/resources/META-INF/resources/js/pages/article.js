// One article: its text with every evidence sentence marked and labelled (signal, modality, actors), its events
// and dyads, why it scored what it scored, and the other articles of its story, first outlet first.

import { api, isAbort } from '../api.js';
import { $, h, replace, timeEl, levelBadge, humanize, markTerms, externalLink } from '../dom.js';
import { showError, busy } from '../ui.js';
import { lastSearch, searchHash, storyOf, rememberStory } from '../params.js';
import { explain, DEFAULT_TAXONOMY } from '../score.js';
import { storyItems, storySummary } from './story.js';

const root = $('#page-article article');
const titleEl = $('#article-title');
const metaEl = $('#article-meta');
const scoresEl = $('#article-scores');
const textEl = $('#article-text');
const eventsEl = $('#article-events');
const contribEl = $('#article-contributions');
const storyEl = $('#story-articles');
const storyNote = $('#story-note');
const back = $('#article-back');

let controller = null;
let title = 'Article';
let taxonomy = null;

/** The taxonomy's weights (read once); the analyser's built-in constants when it cannot be read. */
function loadTaxonomy() {
  if (!taxonomy) {
    taxonomy = api.get('/api/taxonomy').catch(() => DEFAULT_TAXONOMY);
  }
  return taxonomy;
}

const lower = (m) => String(m || '').toLowerCase();
const unique = (xs) => [...new Set(xs.filter(Boolean))];

/** The evidence sentences of an analysis, one entry per sentence range, with the signals and events on it. */
function spansOf(analysis) {
  const spans = new Map();
  const add = (ev, kind, finding) => {
    if (!ev || typeof ev.start !== 'number' || typeof ev.end !== 'number') return;
    const key = `${ev.start}:${ev.end}`;
    if (!spans.has(key)) {
      spans.set(key, { start: ev.start, end: ev.end, sentence: ev.sentence || '', signals: [], events: [], matched: [] });
    }
    const span = spans.get(key);
    span[kind].push(finding);
    if (ev.matchedText) span.matched.push(ev.matchedText);
  };
  (analysis.signals || []).forEach((s) => add(s.evidence, 'signals', s));
  (analysis.events || []).forEach((e) => add(e.evidence, 'events', e));
  return [...spans.values()];
}

/** Where a span lies in `text`: its offsets when they hold its sentence, else where the sentence is found. */
function locate(text, start, end, sentence) {
  if (start >= 0 && end <= text.length && text.slice(start, end) === sentence) return [start, end];
  if (sentence) {
    const at = text.indexOf(sentence);
    if (at >= 0) return [at, at + sentence.length];
  }
  if (start >= 0 && end <= text.length && end > start) return [start, end];
  return null;
}

function label(span) {
  if (span.signals.length) {
    const parts = unique(span.signals.map((s) => `${humanize(s.type)} (${lower(s.modality)})`));
    const actors = unique(span.signals.flatMap((s) => s.actors || []));
    return `${parts.join(' + ')}${actors.length ? ` · ${actors.join(', ')}` : ''}`;
  }
  const parts = unique(span.events.map((e) => `${humanize(e.category)} (${lower(e.modality)})`));
  const pairs = unique(span.events.map((e) => (e.source || e.target ? `${e.source || '?'} → ${e.target || '?'}` : '')));
  return `${parts.join(' + ')}${pairs.length ? ` · ${pairs.join(', ')}` : ''}`;
}

function markFor(span, sentenceText) {
  const isSignal = span.signals.length > 0;
  const findings = isSignal ? span.signals : span.events;
  const text = label(span);
  return h('mark', {
    class: isSignal ? 'evidence' : 'event-evidence',
    // data-signal / data-modality: the sentence's first finding (one value each); data-signals / data-modalities:
    // all of them, space-separated, when one sentence proves several
    dataset: {
      signal: isSignal ? span.signals[0].type : null,
      signals: isSignal ? unique(span.signals.map((s) => s.type)).join(' ') : null,
      category: isSignal ? null : span.events[0].category,
      modality: findings[0].modality,
      modalities: unique(findings.map((f) => f.modality)).join(' '),
      actors: unique(isSignal ? span.signals.flatMap((s) => s.actors || []) : span.events.flatMap((e) => [e.source, e.target])).join(' '),
    },
  },
  h('span', { class: 'evidence-label' }, text),
  h('span', { class: 'visually-hidden' }, ': '),
  markTerms(sentenceText, span.matched, 'trigger', 'strong'));
}

/** `text` as nodes with each span marked; spans overlapping an earlier one are folded into it. */
function marked(text, placed) {
  placed.sort((a, b) => a.s - b.s || b.e - a.e);
  const merged = [];
  for (const p of placed) {
    const prev = merged[merged.length - 1];
    if (prev && p.s < prev.e) {
      prev.span.signals.push(...p.span.signals);
      prev.span.events.push(...p.span.events);
      prev.span.matched.push(...p.span.matched);
      continue;
    }
    merged.push(p);
  }
  const out = [];
  let at = 0;
  for (const p of merged) {
    if (p.s > at) out.push(text.slice(at, p.s));
    out.push(markFor(p.span, text.slice(p.s, p.e)));
    at = p.e;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

/** The analysed text is title + blank line + body: offsets before the body belong to the title. */
function renderText(article, analysis) {
  const title = (article.title || '').trim();
  const offset = title ? title.length + 2 : 0;
  const body = article.text || '';
  const inTitle = [];
  const inBody = [];
  for (const span of spansOf(analysis)) {
    if (title && span.start < offset) {
      const at = locate(title, span.start, Math.min(span.end, title.length), span.sentence);
      if (at) inTitle.push({ s: at[0], e: at[1], span });
    } else {
      const at = locate(body, span.start - offset, span.end - offset, span.sentence);
      if (at) inBody.push({ s: at[0], e: at[1], span });
    }
  }
  titleEl.textContent = title || '(untitled)';
  if (!body.trim()) {
    replace(textEl, h('p', { class: 'muted' }, article.summary || 'The feed gave no text for this article.'));
  } else {
    replace(textEl, marked(body, inBody));
  }
  if (inTitle.length) {
    // evidence in the headline: shown (marked) above the body, so #article-title stays the plain title
    textEl.prepend(h('p', { class: 'title-evidence' }, h('span', { class: 'title-evidence-label' }, 'Headline:'), ' ', marked(title, inTitle)));
  }
  if (!inBody.length && !inTitle.length) {
    textEl.prepend(h('p', { class: 'hint' }, analysis.supported === false
      ? `The analysis does not tag ${article.language || 'this language'}: no evidence to mark.`
      : 'No signal or event was found in this article.'));
  }
}

function renderMeta(article, analysis) {
  const authors = (article.authors || []).join(', ');
  replace(metaEl,
    externalLink(article.url, article.sourceDomain || 'original article', { class: 'source-link' }),
    ' · ', timeEl(article.publishedAt),
    article.language ? ` · ${article.language}` : '',
    authors ? ` · by ${authors}` : '',
    (article.tags || []).length ? ` · tags ${article.tags.join(', ')}` : '');
  replace(scoresEl,
    levelBadge(analysis.level),
    h('span', { class: 'score-big' }, 'Escalation ', h('strong', null, String(analysis.escalationScore ?? 0))),
    h('span', { class: 'score-big' }, 'De-escalation ', h('strong', null, String(analysis.deescalationScore ?? 0))),
    typeof analysis.goldstein === 'number'
      ? h('span', { class: 'score-big', title: 'Mean Goldstein weight of the events, −10 (most conflictual) to +10' },
        'Goldstein ', h('strong', null, analysis.goldstein.toFixed(1)))
      : null);
}

function renderEvents(analysis) {
  const events = analysis.events || [];
  const dyads = analysis.dyads || [];
  const nodes = [];
  if (events.length) {
    nodes.push(h('div', { class: 'table-wrap' }, h('table', { class: 'data compact' },
      h('caption', { class: 'visually-hidden' }, 'Events found in the article'),
      h('thead', null, h('tr', null, ['Event', 'Modality', 'Who → whom', 'Sentence'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', null, events.map((e) => h('tr', { class: 'event' },
        h('td', null, humanize(e.category), e.context ? h('span', { class: 'muted' }, ` (${lower(e.context).replace(/_/g, ' ')})`) : ''),
        h('td', null, lower(e.modality), e.speaker ? h('span', { class: 'muted' }, `, said by ${e.speaker}`) : ''),
        h('td', null, `${e.source || '?'} → ${e.target || '?'}`),
        h('td', { class: 'sentence' }, e.evidence ? e.evidence.sentence : '')))))));
  } else {
    nodes.push(h('p', { class: 'muted' }, 'No events found.'));
  }
  nodes.push(h('h3', { class: 'h-small' }, 'Dyads (who acts on whom)'));
  if (dyads.length) {
    nodes.push(h('ul', { class: 'dyads' }, dyads.map((d) => h('li', { class: 'dyad' },
      h('strong', null, `${d.source} → ${d.target}`),
      `: ${d.count} ${d.count === 1 ? 'event' : 'events'}`,
      (d.categories || []).length ? ` (${d.categories.map(humanize).join(', ')})` : ''))));
  } else {
    nodes.push(h('p', { class: 'muted' }, 'No dyads: no event names both who acted and on whom.'));
  }
  if ((analysis.actors || []).length) {
    nodes.push(h('p', { class: 'meta' }, `Actors named: ${analysis.actors.join(', ')}`));
  }
  replace(eventsEl, nodes);
}

const fmt = (n) => (Math.round(n * 100) / 100).toLocaleString(undefined, { maximumFractionDigits: 2 });

function renderContributions(analysis, tax) {
  const x = explain(analysis, tax);
  const nodes = [];
  if (!x.rows.length) {
    nodes.push(h('p', null, `Nothing raised the score: no signal or event was found, so the escalation score is ${analysis.escalationScore ?? 0}.`));
    replace(contribEl, nodes);
    return;
  }
  nodes.push(h('p', null, 'Each finding adds its weight × its modality factor (shown under it); a repeated finding of the same kind counts ½, ⅓, … as much; an event without a named signal counts half its Goldstein weight.'));
  nodes.push(h('div', { class: 'table-wrap' }, h('table', { class: 'data compact contributions' },
    h('caption', { class: 'visually-hidden' }, 'Contributions to the scores, largest first'),
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Finding'), h('th', { scope: 'col', class: 'num' }, 'Adds'))),
    h('tbody', null, x.rows.map((r) => h('tr', { class: r.escalatory ? 'contribution is-esc' : 'contribution is-deesc', title: r.sentence },
      h('td', null,
        h('strong', null, humanize(r.name)), h('span', { class: 'muted' }, ` ${r.kind === 'event' ? 'event without a signal' : 'signal'}, ${lower(r.modality)}`),
        h('div', { class: 'muted' }, `${fmt(r.weight)} × ${fmt(r.factor)}${r.repetition < 1 ? ` × 1/${Math.round(1 / r.repetition)}` : ''}`)),
      h('td', { class: 'num' }, `${r.contribution > 0 ? '+' : ''}${fmt(r.contribution)}`, h('div', { class: 'muted' }, r.escalatory ? 'escalation' : 'de-escalation'))))))));
  nodes.push(h('p', null, `Escalation evidence ${fmt(x.escalationSum)} → 100 × (1 − e^(−${fmt(x.escalationSum)}/60)) = `,
    h('strong', null, String(Math.min(100, Math.round(100 * (1 - Math.exp(-x.escalationSum / 60)))))),
    x.capped ? ', capped at 79: no material escalation (a strike, deployment, direct involvement or cyberattack stated as fact or reported), so threats alone stay below critical.' : '.'));
  nodes.push(h('p', null, `De-escalation evidence ${fmt(x.deescalationSum)} → ${x.deescalationScore}.`));
  if (x.escalationScore !== analysis.escalationScore || x.deescalationScore !== analysis.deescalationScore) {
    nodes.push(h('p', { class: 'hint' }, `The analyser reported ${analysis.escalationScore} / ${analysis.deescalationScore}; this account gives ${x.escalationScore} / ${x.deescalationScore}. The stored analysis does not say exactly which events share their trigger word with a signal (those add nothing of their own), which explains a small difference.`));
  }
  if (analysis.analyzerVersion) nodes.push(h('p', { class: 'muted' }, `Analysed by ${analysis.analyzerVersion}.`));
  replace(contribEl, nodes);
}

/** The story id: from the search that led here, else the story the article started, else a title search. */
async function findStory(id, article, signal) {
  const known = storyOf(id);
  if (known) return { id: known };
  try {
    return { story: await api.get(`/api/stories/${encodeURIComponent(id)}`, null, { signal }) };
  } catch (e) {
    if (isAbort(e) || e.status !== 404) throw e;
  }
  const words = String(article.title || '').replace(/["()|+\-*:]/g, ' ').split(/\s+/).filter(Boolean).slice(0, 20);
  if (!words.length) return null;
  const page = await api.get('/api/articles', { q: `title:"${words.join(' ')}"`, size: 20 }, { signal });
  const hit = (page.items || []).find((i) => i.id === id);
  if (hit && hit.storyId) rememberStory(id, hit.storyId);
  return hit && hit.storyId ? { id: hit.storyId } : null;
}

async function renderStory(id, article, signal) {
  storyNote.textContent = 'Loading the story…';
  storyEl.replaceChildren();
  try {
    const found = await findStory(id, article, signal);
    if (!found) {
      storyNote.textContent = 'The story of this article could not be found.';
      return;
    }
    const story = found.story || await api.get(`/api/stories/${encodeURIComponent(found.id)}`, null, { signal });
    const others = (story.articles || []).length - 1;
    storyNote.textContent = others > 0
      ? `${storySummary(story)}.`
      : 'No other outlet has this story (yet).';
    replace(storyEl, storyItems(story, id));
  } catch (e) {
    if (isAbort(e)) return;
    storyNote.textContent = 'The story could not be loaded.';
    showError(e, 'Story');
  }
}

async function load(id) {
  if (controller) controller.abort();
  controller = new AbortController();
  const { signal } = controller;
  titleEl.textContent = 'Loading…';
  for (const el of [metaEl, scoresEl, textEl, eventsEl, contribEl, storyEl]) el.replaceChildren();
  storyNote.textContent = '';
  try {
    const doc = await busy(root, api.get(`/api/articles/${encodeURIComponent(id)}`, null, { signal }));
    const article = doc.article || {};
    const analysis = doc.analysis || {};
    title = article.title || 'Article';
    document.title = `${title} – Redline`;
    renderText(article, analysis);
    renderMeta(article, analysis);
    renderEvents(analysis);
    renderContributions(analysis, DEFAULT_TAXONOMY);
    loadTaxonomy().then((tax) => { if (!signal.aborted) renderContributions(analysis, tax); });
    renderStory(id, article, signal);
  } catch (e) {
    if (isAbort(e)) return;
    titleEl.textContent = e.status === 404 ? 'No such article' : 'The article could not be loaded';
    showError(e, 'Article');
  }
}

export default {
  title: () => title,
  show(route) {
    back.href = searchHash(lastSearch());
    if (!route.arg) {
      titleEl.textContent = 'No article given';
      return;
    }
    load(route.arg);
  },
  hide() {
    if (controller) controller.abort();
  },
};
