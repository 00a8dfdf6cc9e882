// The alerts page: my subscriptions (create, from the current search too; edit; pause and resume; test send;
// delivery log with replay; delete) beside the live inbox (js/inbox.js). Editors see their own subscriptions,
// admins everyone's (alert-service decides).

import { api, request } from '../api.js';
import { $, h, replace, timeEl, levelBadge, humanize } from '../dom.js';
import { showError, clearError, announce, busy, formResult } from '../ui.js';
import * as session from '../session.js';
import * as inbox from '../inbox.js';
import {
  stateFrom, subscriptionFilters, filtersToText, textToFilters, splitList, describe, searchHash, toQueryString,
} from '../params.js';

const subsEl = $('#subscriptions');
const subsEmpty = $('#subs-empty');
const subsMore = $('#subs-more');
const subsHeading = $('#subs-h');
const form = $('#sub-form');
const formHeading = $('#sub-form-h');
const nameIn = $('#sub-name');
const queryIn = $('#sub-query');
const filtersIn = $('#sub-filters');
const minLevelIn = $('#sub-min-level');
const modeIn = $('#sub-mode');
const typeIn = $('#sub-channel-type');
const targetIn = $('#sub-channel-target');
const targetLabel = $('#sub-channel-target-label');
const targetHint = $('#sub-channel-hint');
const moreChannels = $('#sub-more-channels');
const submit = $('#sub-submit');
const cancel = $('#sub-cancel');
const result = $('#sub-form-result');
const secretBox = $('#sub-secret');
const secretValue = $('#sub-secret-value');
const deliveryFor = $('#delivery-for');
const deliveryLog = $('#delivery-log');

/** Subscriptions read per request, and at most this many requests (pages) per list. */
const SUBS_PAGE = 500;
const SUBS_MAX_PAGES = 10;

const CHANNELS = {
  webhook: ['Webhook URL', 'An https URL; deliveries are signed (Standard Webhooks). The local demo also accepts http://127.0.0.1:…', 'https://example.org/hooks/redline'],
  slack: ['Slack incoming-webhook URL', 'The URL Slack gave for the channel (https://hooks.slack.com/services/…).', 'https://hooks.slack.com/services/…'],
  teams: ['Teams Workflows URL', 'The URL of a Teams "post to a channel when a webhook request is received" workflow.', 'https://…'],
  email: ['E-mail addresses', 'One or more addresses, separated by commas (at most 20).', 'desk@example.org'],
};

let subs = [];
let editing = null;
let deliveriesOf = null;
let subsLoad = 0;

function browserZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

function channelTarget(c) {
  return c.type === 'email' ? (c.to || []).join(', ') : (c.url || '');
}

/** A stored channel sent back unchanged: its id and no URL keeps the URL alert-service holds (it shows it masked). */
function keepChannel(c) {
  const out = { id: c.id, type: c.type, enabled: c.enabled };
  if (c.type === 'email') out.to = c.to;
  return out;
}

/** The PUT body that changes nothing but `overrides`. */
function requestFrom(v, overrides = {}) {
  return {
    name: v.name,
    query: v.query || null,
    filters: v.filters || {},
    minLevel: v.minLevel || null,
    minScore: v.minScore ?? null,
    signals: v.signals || [],
    actors: v.actors || [],
    mode: v.mode,
    timeZone: v.timeZone,
    quietHours: v.quietHours || null,
    channels: (v.channels || []).map(keepChannel),
    enabled: v.enabled,
    ...overrides,
  };
}

function statusTag(v) {
  if (!v.enabled) return h('span', { class: 'tag tag-paused' }, 'Paused');
  if (v.status === 'suspended') return h('span', { class: 'tag tag-suspended', title: v.statusReason || '' }, 'Suspended');
  return h('span', { class: 'tag tag-active' }, 'Active');
}

function describeSub(v) {
  const parts = [];
  const filters = filtersToText(v.filters);
  if (v.minLevel) parts.push(`level ≥ ${v.minLevel}`);
  if (v.minScore != null) parts.push(`score ≥ ${v.minScore}`);
  if ((v.signals || []).length) parts.push(`signals ${v.signals.map(humanize).join(', ')}`);
  if ((v.actors || []).length) parts.push(`actors ${v.actors.join(', ')}`);
  if (filters) parts.push(`filters ${filters}`);
  parts.push(v.mode === 'DIGEST_HOURLY' ? 'hourly digest' : v.mode === 'DIGEST_DAILY' ? 'daily digest' : 'immediately');
  if (v.quietHours) parts.push(`quiet ${v.quietHours.start}–${v.quietHours.end} ${v.timeZone || ''}`.trim());
  return parts.join(' · ');
}

function searchLinkOf(v) {
  const st = { q: v.query || '' };
  for (const [k, values] of Object.entries(v.filters || {})) st[k] = (values || []).join(',');
  return searchHash(stateFrom(new URLSearchParams(toQueryString(st))));
}

function renderSub(v) {
  const label = `“${v.name}”`;
  const resultEl = h('p', { class: 'sub-result form-result', role: 'status' });
  const button = (cls, text, aria, onclick, extra = {}) => h('button', { type: 'button', class: `${cls} button-small ${cls === 'sub-delete' ? 'button-danger' : 'button-secondary'}`, 'aria-label': aria, onclick, ...extra }, text);
  const li = h('li', { class: v.enabled ? 'subscription card' : 'subscription card is-paused', dataset: { id: v.id } },
    h('div', { class: 'sub-head' },
      h('h3', { class: 'sub-name' }, v.name),
      statusTag(v),
      session.atLeast('admin') || (session.current() && v.owner !== session.current().owner)
        ? h('span', { class: 'muted' }, `owner ${v.owner}`) : null),
    h('p', { class: 'sub-query' }, v.query ? h('code', null, v.query) : h('span', { class: 'muted' }, 'no query text'), ' · ', describeSub(v)),
    h('ul', { class: 'sub-channels' }, (v.channels || []).map((c) => h('li', { class: c.enabled ? 'channel' : 'channel is-disabled' },
      h('strong', null, humanize(c.type)), ' ', h('span', { class: 'channel-target' }, channelTarget(c)),
      c.enabled ? '' : h('span', { class: 'tag tag-suspended' }, ` off${c.disabledReason ? `: ${c.disabledReason}` : ''}`)))),
    v.status === 'suspended' && v.statusReason ? h('p', { class: 'hint' }, `Suspended: ${v.statusReason}.`) : null,
    h('div', { class: 'toolbar' },
      button('sub-pause', v.enabled ? 'Pause' : 'Resume', `${v.enabled ? 'Pause' : 'Resume'} ${label}`, () => togglePause(v, resultEl), { 'aria-pressed': v.enabled ? 'false' : 'true' }),
      button('sub-test', 'Send test', `Send a test alert for ${label}`, () => sendTest(v, resultEl)),
      button('sub-deliveries', 'Deliveries', `Delivery log of ${label}`, () => showDeliveries(v)),
      button('sub-edit', 'Edit', `Edit ${label}`, () => edit(v)),
      button('sub-delete', 'Delete', `Delete ${label}`, () => remove(v, resultEl)),
      h('a', { href: searchLinkOf(v), class: 'button-link button-small' }, 'Search')),
    resultEl);
  return li;
}

function renderSubs() {
  replace(subsEl, subs.map(renderSub));
  subsEmpty.hidden = subs.length > 0;
}

/**
 * The path and query of the rel="next" target in a Link header, or null: only a further page of this list is
 * followed (a relative or absolute URL alike is read on this origin).
 */
export function nextSubsPage(link) {
  for (const [, target, params] of String(link || '').matchAll(/<([^>]*)>([^,<]*)/g)) {
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(params);
    if (!rel || !(rel[1] ?? rel[2]).toLowerCase().split(/\s+/).includes('next')) continue;
    let url;
    try {
      url = new URL(target, location.origin);
    } catch {
      return null;
    }
    return url.pathname === '/api/subscriptions' ? `${url.pathname}${url.search}` : null;
  }
  return null;
}

async function fetchSubs() {
  const items = [];
  let path = `/api/subscriptions?limit=${SUBS_PAGE}`;
  for (let pages = 0; path; pages += 1) {
    if (pages === SUBS_MAX_PAGES) return { items, more: true };
    const { data, response } = await request('GET', path, { withResponse: true });
    items.push(...(Array.isArray(data) ? data : []));
    path = nextSubsPage(response.headers.get('Link'));
  }
  return { items, more: false };
}

async function loadSubs() {
  const load = ++subsLoad;
  try {
    const { items, more } = await busy(subsEl, fetchSubs());
    if (load !== subsLoad) return; // a newer load replaced this one
    subs = items;
    renderSubs();
    subsMore.textContent = more ? `Showing the first ${items.length} subscriptions: there are more than this page lists.` : '';
    subsMore.hidden = !more;
  } catch (e) {
    if (load === subsLoad) showError(e, 'Subscriptions');
  }
}

function replaceSub(v) {
  const i = subs.findIndex((x) => x.id === v.id);
  if (i >= 0) subs[i] = v;
  else subs.push(v);
  const old = subsEl.querySelector(`li.subscription[data-id="${CSS.escape(v.id)}"]`);
  const fresh = renderSub(v);
  if (old) old.replaceWith(fresh);
  else subsEl.append(fresh);
  subsEmpty.hidden = true;
  return fresh;
}

async function togglePause(v, resultEl) {
  clearError();
  try {
    const updated = await api.put(`/api/subscriptions/${encodeURIComponent(v.id)}`, requestFrom(v, { enabled: !v.enabled }));
    const li = replaceSub(updated);
    const msg = updated.enabled ? `“${updated.name}” resumed: it alerts again.` : `“${updated.name}” paused: it matches nothing until resumed.`;
    formResult(li.querySelector('.sub-result'), msg);
    li.querySelector('.sub-pause').focus();
    announce(msg);
  } catch (e) {
    formResult(resultEl, `${e.title}${e.detail ? `: ${e.detail}` : ''}`, false);
    showError(e, 'Pause');
  }
}

async function sendTest(v, resultEl) {
  clearError();
  formResult(resultEl, 'Sending a test alert…');
  try {
    const outcomes = await api.post(`/api/subscriptions/${encodeURIComponent(v.id)}/test`);
    const text = (outcomes || []).map((r) => `${humanize(r.type)}: ${r.result}${r.status ? ` (HTTP ${r.status})` : ''}`
      + `${r.reason && r.reason !== `HTTP ${r.status}` ? `, ${r.reason}` : ''}${typeof r.latencyMs === 'number' ? `, ${r.latencyMs} ms` : ''}`).join('; ');
    const ok = (outcomes || []).every((r) => /deliver|sent|ok|success/i.test(String(r.result)));
    formResult(resultEl, `Test sent. ${text || 'No channel answered.'}`, ok);
  } catch (e) {
    formResult(resultEl, `${e.title}${e.detail ? `: ${e.detail}` : ''}`, false);
    showError(e, 'Test send');
  }
}

async function remove(v, resultEl) {
  clearError();
  // eslint-disable-next-line no-alert
  if (!window.confirm(`Delete the subscription “${v.name}”? Deliveries not sent yet are skipped.`)) return;
  try {
    await api.del(`/api/subscriptions/${encodeURIComponent(v.id)}`);
    subs = subs.filter((x) => x.id !== v.id);
    renderSubs();
    if (editing && editing.id === v.id) resetForm();
    if (deliveriesOf && deliveriesOf.id === v.id) {
      deliveriesOf = null;
      deliveryLog.replaceChildren();
      deliveryFor.textContent = 'Choose "Deliveries" on a subscription to see what was sent.';
    }
    announce(`Deleted “${v.name}”`);
    formResult(result, `Deleted “${v.name}”.`);
  } catch (e) {
    formResult(resultEl, `${e.title}${e.detail ? `: ${e.detail}` : ''}`, false);
    showError(e, 'Delete');
  }
}

function deliveryRow(d) {
  const answer = [d.lastStatus ? `HTTP ${d.lastStatus}` : '', d.latencyMs != null ? `${d.latencyMs} ms` : ''].filter(Boolean).join(', ');
  return h('tr', { class: `delivery status-${d.status}`, dataset: { id: d.id } },
    h('td', null, timeEl(d.createdAt)),
    h('td', null, d.kind === 'digest' ? `Digest: ${d.title || ''}` : (d.title || d.messageId || ''), d.level ? [' ', levelBadge(d.level)] : ''),
    h('td', { class: 'delivery-status' }, h('span', { class: `tag tag-${d.status}` }, d.status),
      h('div', { class: 'muted' }, `${humanize(d.channelType)} · ${d.attempts ?? 0} ${d.attempts === 1 ? 'attempt' : 'attempts'}`)),
    h('td', null, answer || h('span', { class: 'muted' }, 'none yet'),
      d.lastError ? h('div', { class: 'delivery-error' }, d.lastError) : null,
      d.nextAttemptAt ? h('div', { class: 'muted' }, 'next: ', timeEl(d.nextAttemptAt)) : null),
    h('td', null, h('button', {
      type: 'button', class: 'delivery-replay button-small button-secondary', 'aria-label': `Send delivery ${d.id} again`,
      onclick: (e) => replay(d, e.currentTarget),
    }, 'Replay')));
}

async function showDeliveries(v) {
  clearError();
  deliveriesOf = v;
  replace(deliveryFor, `Deliveries of “${v.name}”, newest first (the last 50). `,
    h('button', { type: 'button', class: 'button-quiet button-small', onclick: () => showDeliveries(v) }, 'Reload'));
  try {
    const list = await busy(deliveryLog, api.get(`/api/subscriptions/${encodeURIComponent(v.id)}/deliveries`, { limit: 50 }));
    if (!list.length) {
      replace(deliveryLog, h('p', { class: 'muted' }, 'Nothing delivered yet: alerts appear here once an article matches, and a test send is not logged.'));
    } else {
      replace(deliveryLog, h('table', { class: 'data compact' },
        h('caption', { class: 'visually-hidden' }, `Deliveries of ${v.name}`),
        h('thead', null, h('tr', null, ['Made', 'Alert', 'Status', 'Receiver\'s answer', ''].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', null, list.map(deliveryRow))));
    }
  } catch (e) {
    showError(e, 'Delivery log');
  }
}

async function replay(d, button) {
  clearError();
  button.disabled = true;
  button.textContent = 'Sending…';
  try {
    const updated = await api.post(`/api/deliveries/${encodeURIComponent(d.id)}/replay`);
    const row = deliveryRow(updated);
    button.closest('tr').replaceWith(row);
    row.querySelector('.delivery-replay').focus();
    announce(`Delivery sent again: ${updated.status}`);
  } catch (e) {
    button.disabled = false;
    button.textContent = 'Replay';
    showError(e, 'Replay');
  }
}

function setChannelType(type) {
  const [label, hint, placeholder] = CHANNELS[type] || CHANNELS.webhook;
  targetLabel.textContent = label;
  targetHint.textContent = hint;
  targetIn.placeholder = placeholder;
  targetIn.type = type === 'email' ? 'text' : 'url';
}

function resetForm() {
  editing = null;
  form.reset();
  setChannelType(typeIn.value);
  formHeading.textContent = 'New subscription';
  submit.textContent = 'Create subscription';
  cancel.hidden = true;
  moreChannels.hidden = true;
  for (const el of [nameIn, targetIn]) el.removeAttribute('aria-invalid');
}

function edit(v) {
  resetForm();
  editing = v;
  formHeading.textContent = `Edit “${v.name}”`;
  submit.textContent = 'Save changes';
  cancel.hidden = false;
  nameIn.value = v.name;
  queryIn.value = v.query || '';
  filtersIn.value = filtersToText(v.filters);
  minLevelIn.value = v.minLevel || '';
  modeIn.value = v.mode || 'IMMEDIATE';
  const first = (v.channels || [])[0];
  if (first) {
    typeIn.value = first.type;
    setChannelType(first.type);
    targetIn.value = channelTarget(first);
  }
  const others = (v.channels || []).length - 1;
  moreChannels.hidden = others < 1;
  moreChannels.textContent = others > 0 ? `This subscription has ${others} more ${others === 1 ? 'channel' : 'channels'}, kept as they are. A masked URL left unchanged keeps the stored one.` : '';
  secretBox.hidden = true;
  formResult(result, '');
  form.scrollIntoView({ block: 'start' });
  nameIn.focus();
}

function channelFromForm() {
  const type = typeIn.value;
  const target = targetIn.value.trim();
  const first = editing && editing.channels && editing.channels[0];
  if (first && first.type === type && target === channelTarget(first)) return keepChannel(first);
  const channel = type === 'email' ? { type, to: splitList(target) } : { type, url: target };
  if (first && first.type === type) channel.id = first.id;
  return channel;
}

function prefill(params) {
  const state = stateFrom(params);
  resetForm();
  const text = describe(state);
  nameIn.value = text.slice(0, 200);
  queryIn.value = state.q || '';
  filtersIn.value = filtersToText(subscriptionFilters(state));
  const from = state.from || state.to ? ' The search\'s time range is left out: a subscription watches new articles.' : '';
  formResult(result, `Prefilled from the search ${text}. Choose where alerts go, then create it.${from}`);
  form.scrollIntoView({ block: 'start' });
  nameIn.focus();
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  clearError();
  secretBox.hidden = true;
  const missing = [];
  if (!nameIn.value.trim()) missing.push(nameIn);
  if (!targetIn.value.trim()) missing.push(targetIn);
  for (const el of [nameIn, targetIn]) {
    if (missing.includes(el)) el.setAttribute('aria-invalid', 'true');
    else el.removeAttribute('aria-invalid');
  }
  if (missing.length) {
    formResult(result, `Please fill in: ${missing.map((el) => (el === nameIn ? 'the name' : targetLabel.textContent.toLowerCase())).join(' and ')}.`, false);
    missing[0].focus();
    return;
  }
  const fields = {
    name: nameIn.value.trim(),
    query: queryIn.value.trim() || null,
    filters: textToFilters(filtersIn.value),
    minLevel: minLevelIn.value || null,
    mode: modeIn.value,
  };
  submit.disabled = true;
  try {
    let saved;
    if (editing) {
      const channels = [channelFromForm(), ...(editing.channels || []).slice(1).map(keepChannel)];
      saved = await api.put(`/api/subscriptions/${encodeURIComponent(editing.id)}`, requestFrom(editing, { ...fields, channels }));
    } else {
      saved = await api.post('/api/subscriptions', { ...fields, timeZone: browserZone(), channels: [channelFromForm()] });
    }
    const wasEditing = !!editing;
    resetForm();
    const li = replaceSub(saved);
    formResult(result, wasEditing ? `Saved “${saved.name}”.` : `Created “${saved.name}”. Matching articles will alert from now on.`);
    if (saved.webhookSecret) {
      secretValue.textContent = saved.webhookSecret;
      secretBox.hidden = false;
    }
    li.classList.add('is-new');
    announce(result.textContent);
  } catch (err) {
    formResult(result, `${err.title}${err.detail ? `: ${err.detail}` : ''}`, false);
    showError(err, editing ? 'Saving the subscription' : 'Creating the subscription');
  } finally {
    submit.disabled = false;
  }
});

typeIn.addEventListener('change', () => setChannelType(typeIn.value));
cancel.addEventListener('click', () => {
  resetForm();
  formResult(result, '');
});

export default {
  title: () => 'Alerts',
  show(route) {
    subsHeading.textContent = session.atLeast('admin') ? 'Subscriptions (every owner)' : 'My subscriptions';
    inbox.setVisible(true);
    loadSubs();
    const params = route.params;
    if ([...params.keys()].some((k) => k !== 'new') || params.has('new')) {
      prefill(params);
      // the prefill is done: a reload should not do it again over the user's edits
      history.replaceState(null, '', '#/alerts');
    } else if (!editing) {
      setChannelType(typeIn.value);
    }
  },
  hide() {
    inbox.setVisible(false);
    // the webhook secret is shown once: it must not wait on the page for whoever comes back to it
    secretValue.textContent = '';
    secretBox.hidden = true;
  },
};
