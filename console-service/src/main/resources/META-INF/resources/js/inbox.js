// The live alert inbox: GET /api/alerts/stream read for the whole signed-in session (editors and admins), each
// alert listed with why it fired, an unread count for the nav, and optional desktop notifications.
// One tab per key holds the stream (a Web Lock) and relays its events and status to the other tabs of the same key
// (a BroadcastChannel): a stream per tab would soon use up the browser's six HTTP/1.1 connections to this origin.
// Without Web Locks or BroadcastChannel every tab reads its own stream.

import { getKey } from './api.js';
import { SseClient } from './sse.js';
import { $, h, levelBadge, timeEl, humanize, highlightNodes, externalLink } from './dom.js';
import { showError } from './ui.js';

const list = $('#inbox');
const statusEl = $('#inbox-status');
const emptyEl = $('#inbox-empty');
const toggle = $('#notify-toggle');
const note = $('#notify-note');

const MAX_ITEMS = 200;
const NOTIFY = 'redline.notify';
const SHARED_NAME = 'redline-inbox';
const CAN_SHARE = typeof BroadcastChannel === 'function' && !!(navigator.locks && navigator.locks.request);

let client = null;
let unread = 0;
let visible = false;
let unreadListener = () => {};
let revokedListener = () => {};
const seen = new Set();

// Sharing between tabs: the scope names the key, so tabs signed in with different keys never mix their alerts.
let scope = null;
let channel = null;
let leaveLock = null;
let holding = false;
let status = { text: 'off', state: 'off' };
let holderState = null;
let relayedId = '';
let rejoin = false;

function showStatus(text, state) {
  statusEl.textContent = text;
  statusEl.dataset.state = state;
}

function setStatus(text, state) {
  status = { text, state };
  showStatus(text, state);
  if (holding) post({ type: 'status', text, state });
}

function post(message) {
  try {
    if (channel) channel.postMessage(message);
  } catch {
    // the channel was closed meanwhile: nobody to tell
  }
}

/** Why an alert fired, in words: the subscription, matched terms, signals and level from the alert itself. */
export function whyText(alert) {
  const parts = [`Subscription “${alert.subscriptionName || alert.subscriptionId}”`];
  const terms = alert.matchedTerms || [];
  parts.push(terms.length ? `matched ${terms.map((t) => `“${t}”`).join(', ')}` : 'matched its filters');
  const signals = [...new Set((alert.signals || []).map((s) => `${humanize(s.type)} (${String(s.modality || '').toLowerCase()})`))];
  if (signals.length) parts.push(`signals ${signals.join(', ')}`);
  parts.push(`level ${alert.level}, score ${alert.score}`);
  if (alert.kind === 'update') parts.push(`the story rose from ${alert.previousLevel || 'a lower level'}`);
  return parts.join(' · ');
}

function render(alert, event) {
  const article = alert.article || {};
  const passage = (alert.highlights || [])[0];
  const evidence = (alert.signals || []).find((s) => s.evidence && s.evidence.sentence);
  return h('li', { class: `inbox-alert is-new alert-${String(alert.level || 'none').toLowerCase()}`, dataset: { id: alert.id, article: article.id, event: event.type } },
    h('div', { class: 'inbox-head' },
      levelBadge(alert.level),
      h('span', { class: 'kind' }, alert.kind === 'update' ? `Level up from ${alert.previousLevel || '?'}` : 'New story'),
      h('span', { class: 'muted' }, ' · ', timeEl(alert.matchedAt))),
    article.id
      ? h('a', { class: 'inbox-link', href: `#/article/${encodeURIComponent(article.id)}` }, article.title || '(untitled)')
      : h('span', { class: 'inbox-link' }, article.title || '(untitled)'),
    h('p', { class: 'meta' }, externalLink(article.url, article.sourceDomain || 'source'), ' · ', timeEl(article.publishedAt)),
    h('p', { class: 'why' }, h('strong', null, 'Why: '), whyText(alert)),
    passage
      ? h('blockquote', { class: 'passage' }, highlightNodes(passage))
      : evidence ? h('blockquote', { class: 'passage' }, evidence.evidence.sentence) : null);
}

function notify(alert) {
  if (sessionStorage.getItem(NOTIFY) !== '1' || !('Notification' in window) || Notification.permission !== 'granted') return;
  try {
    const n = new Notification(`${alert.level}: ${(alert.article && alert.article.title) || 'Redline alert'}`, {
      body: whyText(alert), tag: alert.id,
    });
    n.addEventListener('click', () => {
      window.focus();
      if (alert.article && alert.article.id) location.hash = `#/article/${encodeURIComponent(alert.article.id)}`;
      n.close();
    });
  } catch {
    // some platforms allow notifications only from a service worker: the inbox still shows the alert
  }
}

function closeReason(event) {
  try {
    return JSON.parse(event.data).reason || '';
  } catch {
    return '';
  }
}

/** An alert event, from this tab's stream or relayed by the tab holding it. */
function receive(event) {
  if (event.type !== 'alert.created' && event.type !== 'alert.updated') return;
  let alert;
  try {
    alert = JSON.parse(event.data);
  } catch {
    return;
  }
  const key = `${alert.id}|${alert.level}|${alert.kind}`;
  if (seen.has(key)) return;
  seen.add(key);
  list.prepend(render(alert, event));
  while (list.children.length > MAX_ITEMS) list.lastElementChild.remove();
  emptyEl.hidden = true;
  if (!visible) {
    unread += 1;
    unreadListener(unread);
  }
  notify(alert);
}

function onEvent(event) {
  if (holding) post({ type: 'event', event: { type: event.type, data: event.data, id: event.id } });
  if (event.type === 'stream.closed') {
    const reason = closeReason(event);
    endClient(`closed (${reason || 'by the server'})`);
    if (reason === 'api-key-revoked') revokedListener();
    return;
  }
  receive(event);
}

function onStatus(state, info) {
  if (state === 'live') setStatus('live', 'live');
  else if (state === 'connecting') setStatus('connecting…', 'connecting');
  else if (state === 'reconnecting') {
    setStatus(info.delay != null ? `reconnecting in ${Math.max(1, Math.round(info.delay / 1000))} s` : 'reconnecting…', 'reconnecting');
  } else if (state === 'closed') {
    setStatus(`closed: ${info.error ? info.error.title : 'stopped'}`, 'closed');
    client = null;
    if (info.error && info.error.status === 401) {
      post({ type: 'revoked' });
      revokedListener();
    } else if (info.error) showError(info.error, 'Alert stream');
  }
}

function openClient() {
  client = new SseClient('/api/alerts/stream', {
    headers: () => ({ Authorization: `Bearer ${getKey()}` }),
    onEvent,
    onStatus,
  });
  // a tab taking over from another resumes after the last alert relayed to it
  if (relayedId) client.lastEventId = relayedId;
  client.start();
}

/** The stream ended for good (the server closed it): the inbox keeps what arrived, the lock stays with this tab. */
function endClient(text) {
  if (client) client.stop();
  client = null;
  setStatus(text, 'off');
}

/** A message from another tab of the same key. */
function onMessage({ data: message }) {
  if (!message || typeof message !== 'object') return;
  if (holding) {
    if (message.type === 'hello') post({ type: 'status', ...status });
    else if (message.type === 'restart' && !client) openClient();
    return;
  }
  if (message.type === 'status') {
    holderState = message.state;
    showStatus(String(message.text), String(message.state));
  } else if (message.type === 'gone') {
    holderState = null;
    showStatus('connecting…', 'connecting');
  } else if (message.type === 'revoked') {
    revokedListener();
  } else if (message.type === 'event' && message.event) {
    const event = message.event;
    if (event.id) relayedId = event.id;
    if (event.type === 'stream.closed') {
      if (closeReason(event) === 'api-key-revoked') revokedListener();
    } else receive(event);
  }
}

/** Takes part in the sharing: listens to the holder at once, and holds the stream itself once the lock is free. */
function join() {
  channel = new BroadcastChannel(`${SHARED_NAME}:${scope}`);
  channel.addEventListener('message', onMessage);
  const leaving = new AbortController();
  let release = () => {};
  const held = new Promise((resolve) => { release = resolve; });
  leaveLock = () => {
    leaving.abort();
    release();
  };
  showStatus('connecting…', 'connecting');
  post({ type: 'hello' });
  navigator.locks.request(`${SHARED_NAME}:${scope}`, { signal: leaving.signal }, () => {
    if (leaving.signal.aborted) return null; // granted just as this tab left
    holding = true;
    openClient();
    return held;
  }).catch(() => {
    // the wait was given up (sign-out, the page going away): nothing to release
  });
}

/** Stops taking part: closes this tab's stream, frees the lock for another tab and tells the others. */
function leave() {
  if (!channel) return;
  if (client) client.stop();
  client = null;
  if (holding) post({ type: 'gone' });
  holding = false;
  holderState = null;
  if (leaveLock) leaveLock();
  leaveLock = null;
  channel.close();
  channel = null;
}

/** Opens the stream (once per session), or follows the tab of the same key that holds it. */
export function start({ onUnread, onRevoked, scope: sharedScope } = {}) {
  if (onUnread) unreadListener = onUnread;
  if (onRevoked) revokedListener = onRevoked;
  if (sharedScope) scope = sharedScope;
  if (CAN_SHARE && scope) {
    if (!channel) join();
    else if (holding && !client) openClient();
    else if (!holding && (holderState === 'off' || holderState === 'closed')) post({ type: 'restart' });
    return;
  }
  if (client) return;
  openClient();
}

/** Closes the stream; the inbox keeps what arrived. */
export function stop(text = 'off') {
  leave();
  if (client) client.stop();
  client = null;
  setStatus(text, 'off');
}

/** Whether the inbox is on screen: alerts arriving then are not counted as unread. */
export function setVisible(on) {
  visible = on;
  if (on && unread) {
    unread = 0;
    unreadListener(0);
  }
  if (on && !client) start();
}

// A tab going away hands the stream on at once; one restored from the back/forward cache takes part again.
window.addEventListener('pagehide', () => {
  rejoin = !!channel;
  leave();
});
window.addEventListener('pageshow', (e) => {
  if (e.persisted && rejoin) start();
  rejoin = false;
});

function renderToggle() {
  const on = sessionStorage.getItem(NOTIFY) === '1' && 'Notification' in window && Notification.permission === 'granted';
  toggle.setAttribute('aria-pressed', on ? 'true' : 'false');
  toggle.textContent = `Desktop notifications: ${on ? 'on' : 'off'}`;
}

toggle.addEventListener('click', async () => {
  note.hidden = true;
  if (!('Notification' in window)) {
    note.textContent = 'This browser does not offer desktop notifications.';
    note.hidden = false;
    return;
  }
  if (sessionStorage.getItem(NOTIFY) === '1') {
    sessionStorage.removeItem(NOTIFY);
    renderToggle();
    return;
  }
  let permission = Notification.permission;
  if (permission === 'default') permission = await Notification.requestPermission();
  if (permission === 'granted') {
    sessionStorage.setItem(NOTIFY, '1');
  } else {
    note.textContent = 'Notifications are blocked for this site: allow them in the browser\'s site settings, then try again.';
    note.hidden = false;
  }
  renderToggle();
});

$('#inbox-clear').addEventListener('click', () => {
  list.replaceChildren();
  emptyEl.hidden = false;
});

renderToggle();
