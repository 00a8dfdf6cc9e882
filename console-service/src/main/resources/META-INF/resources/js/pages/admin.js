// The admin page: feeds with their health (ingest-service), adding a feed and importing OPML; API keys (create,
// shown once; revoke); the audit log, newest first, paged.

import { api, request } from '../api.js';
import { $, h, replace, timeEl, relative, externalLink } from '../dom.js';
import { showError, clearError, announce, busy, formResult } from '../ui.js';
import { splitList } from '../params.js';

const feedsBody = $('#feeds tbody');
const feedForm = $('#feed-form');
const feedUrl = $('#feed-url');
const feedTags = $('#feed-tags');
const feedAdd = $('#feed-add');
const opmlForm = $('#opml-form');
const opmlFile = $('#opml-file');
const opmlImport = $('#opml-import');
const feedsResult = $('#feeds-result');
const keysBody = $('#keys tbody');
const keyForm = $('#key-form');
const keyName = $('#key-name');
const keyOwner = $('#key-owner');
const keyRole = $('#key-role');
const keyCreate = $('#key-create');
const keysResult = $('#keys-result');
const keyBox = $('#key-created-box');
const keyCreated = $('#key-created');
const auditForm = $('#audit-form');
const auditBody = $('#audit tbody');
const auditMore = $('#audit-more');

let auditNext = null;
let auditFilters = {};

const problemText = (e) => `${e.title}${e.detail ? `: ${e.detail}` : ''}`;

function feedRow(f) {
  const errors = f.consecutiveErrors ? ` (${f.consecutiveErrors} in a row)` : '';
  return h('tr', { class: `feed status-${f.status}`, dataset: { id: f.id } },
    h('td', { class: 'feed-name' },
      h('div', null, f.title || h('span', { class: 'muted' }, 'untitled')),
      h('div', { class: 'feed-url' }, externalLink(f.url, f.url)),
      (f.tags || []).length ? h('div', { class: 'muted' }, `tags: ${f.tags.join(', ')}`) : null),
    h('td', { class: 'feed-status' }, h('span', { class: `tag tag-${f.status}` }, f.status)),
    h('td', { class: 'feed-last-fetch' }, timeEl(f.lastFetch, 'never'), f.lastFetch ? h('div', { class: 'muted' }, relative(f.lastFetch)) : null),
    h('td', { class: 'feed-last-error' }, f.lastError
      ? [h('span', { class: 'tag tag-failing' }, f.lastErrorKind || 'error'), ' ', f.lastError, errors]
      : h('span', { class: 'muted' }, 'none')),
    h('td', { class: 'feed-next-poll' }, timeEl(f.nextPoll), f.nextPoll ? h('div', { class: 'muted' }, relative(f.nextPoll)) : null),
    h('td', { class: 'num' }, `${f.articlesPublished ?? 0} / ${f.articlesSeen ?? 0}`),
    h('td', null, h('button', {
      type: 'button', class: 'feed-refresh button-small button-quiet', 'aria-label': `Poll ${f.title || f.url} now`,
      onclick: (e) => refresh(f, e.currentTarget),
    }, 'Poll now')));
}

async function loadFeeds() {
  try {
    const feeds = await busy(feedsBody, api.get('/api/feeds'));
    replace(feedsBody, feeds.length ? feeds.map(feedRow)
      : h('tr', null, h('td', { colspan: 7, class: 'muted' }, 'No feeds yet: add one above.')));
  } catch (e) {
    showError(e, 'Feeds');
  }
}

async function refresh(f, button) {
  clearError();
  button.disabled = true;
  try {
    await api.post(`/api/feeds/${encodeURIComponent(f.id)}/refresh`);
    formResult(feedsResult, `Polling ${f.title || f.url} now; reload in a moment for its health.`);
  } catch (e) {
    showError(e, 'Poll now');
  } finally {
    button.disabled = false;
  }
}

feedForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  clearError();
  const url = feedUrl.value.trim();
  if (!url) {
    feedUrl.setAttribute('aria-invalid', 'true');
    formResult(feedsResult, 'Please give the feed\'s URL.', false);
    feedUrl.focus();
    return;
  }
  feedUrl.removeAttribute('aria-invalid');
  feedAdd.disabled = true;
  try {
    const body = { url };
    const tags = splitList(feedTags.value);
    if (tags.length) body.tags = tags;
    const feed = await api.post('/api/feeds', body);
    feedForm.reset();
    formResult(feedsResult, `Added ${feed.url}: its first poll is due ${feed.nextPoll ? relative(feed.nextPoll) : 'shortly'}.`);
    announce(feedsResult.textContent);
    await loadFeeds();
  } catch (err) {
    formResult(feedsResult, problemText(err), false);
    showError(err, 'Adding the feed');
  } finally {
    feedAdd.disabled = false;
  }
});

opmlForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  clearError();
  const file = opmlFile.files && opmlFile.files[0];
  if (!file) {
    formResult(feedsResult, 'Choose an OPML file first.', false);
    opmlFile.focus();
    return;
  }
  opmlImport.disabled = true;
  try {
    // ingest-service reads the raw document with this content type (not a multipart form)
    const body = await file.arrayBuffer();
    const r = await request('POST', '/api/feeds/opml', { body, contentType: 'text/x-opml' });
    const invalid = (r.invalid || []).map((i) => `${i.url || '?'} (${i.reason || 'invalid'})`);
    formResult(feedsResult, `Imported ${file.name}: ${(r.created || []).length} added, ${(r.existing || []).length} already registered`
      + `${invalid.length ? `, ${invalid.length} refused: ${invalid.slice(0, 5).join('; ')}${invalid.length > 5 ? '; …' : ''}` : ''}.`, !invalid.length);
    opmlForm.reset();
    await loadFeeds();
  } catch (err) {
    formResult(feedsResult, problemText(err), false);
    showError(err, 'OPML import');
  } finally {
    opmlImport.disabled = false;
  }
});

function keyRow(k) {
  const revocable = k.active && k.id !== 'bootstrap';
  return h('tr', { class: k.active ? 'key' : 'key is-revoked', dataset: { id: k.id } },
    h('td', null, k.name || ''),
    h('td', null, k.owner || ''),
    h('td', null, k.role || ''),
    h('td', null, h('code', null, k.id)),
    h('td', null, timeEl(k.createdAt), k.createdBy ? h('div', { class: 'muted' }, `by ${k.createdBy}`) : null),
    h('td', null, k.active
      ? h('span', { class: 'tag tag-ok' }, 'active')
      : [h('span', { class: 'tag tag-disabled' }, 'revoked'), ' ', timeEl(k.revokedAt, ''), k.revokedBy ? ` by ${k.revokedBy}` : '']),
    h('td', null, revocable
      ? h('button', {
        type: 'button', class: 'key-revoke button-small button-danger', 'aria-label': `Revoke the key ${k.name || k.id} of ${k.owner}`,
        onclick: (e) => revoke(k, e.currentTarget),
      }, 'Revoke')
      : k.id === 'bootstrap' ? h('span', { class: 'muted', title: 'Remove it from the configuration instead' }, 'configured') : ''));
}

async function loadKeys() {
  try {
    const keys = await busy(keysBody, api.get('/api/keys'));
    replace(keysBody, keys.map(keyRow));
  } catch (e) {
    showError(e, 'API keys');
  }
}

async function revoke(k, button) {
  clearError();
  // eslint-disable-next-line no-alert
  if (!window.confirm(`Revoke the key “${k.name}” of ${k.owner}? Every service refuses it moments later; this cannot be undone.`)) return;
  button.disabled = true;
  try {
    await api.del(`/api/keys/${encodeURIComponent(k.id)}`);
    formResult(keysResult, `Revoked the key “${k.name}” of ${k.owner}.`);
    announce(keysResult.textContent);
    await loadKeys();
  } catch (e) {
    button.disabled = false;
    formResult(keysResult, problemText(e), false);
    showError(e, 'Revoking the key');
  }
}

keyForm.addEventListener('submit', async (e) => {
  e.preventDefault();
  clearError();
  keyBox.hidden = true;
  keyCreated.textContent = '';
  const missing = [keyName, keyOwner].filter((el) => !el.value.trim());
  for (const el of [keyName, keyOwner]) {
    if (missing.includes(el)) el.setAttribute('aria-invalid', 'true');
    else el.removeAttribute('aria-invalid');
  }
  if (missing.length) {
    formResult(keysResult, 'Please give the key a name and an owner.', false);
    missing[0].focus();
    return;
  }
  keyCreate.disabled = true;
  try {
    const created = await api.post('/api/keys', { name: keyName.value.trim(), owner: keyOwner.value.trim(), role: keyRole.value });
    keyCreated.textContent = created.key;
    keyBox.hidden = false;
    formResult(keysResult, `Created ${created.role === 'reader' ? 'a' : 'an'} ${created.role} key for ${created.owner}.`);
    keyForm.reset();
    announce('Key created: it is shown once below.');
    await loadKeys();
  } catch (err) {
    formResult(keysResult, problemText(err), false);
    showError(err, 'Creating the key');
  } finally {
    keyCreate.disabled = false;
  }
});

$('#key-copy').addEventListener('click', async () => {
  try {
    await navigator.clipboard.writeText(keyCreated.textContent);
    formResult(keysResult, 'Copied the key to the clipboard.');
  } catch {
    // no clipboard permission: select the text so Ctrl+C copies it
    const range = document.createRange();
    range.selectNodeContents(keyCreated);
    const sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    formResult(keysResult, 'Selected the key: press Ctrl+C (⌘C) to copy it.');
  }
});

function details(d) {
  if (!d || typeof d !== 'object') return '';
  return Object.entries(d)
    .filter(([, v]) => v != null && v !== '')
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`)
    .join(' · ');
}

function auditRow(a) {
  return h('tr', { class: 'audit-entry', dataset: { id: a.id } },
    h('td', null, timeEl(a.at)),
    h('td', null, a.actor || '', h('div', { class: 'muted' }, [a.role, a.authMethod].filter(Boolean).join(', '))),
    h('td', null, h('code', null, a.action || '')),
    h('td', null, a.targetType || '', a.targetId ? [' ', h('code', null, a.targetId)] : ''),
    h('td', null, a.service || '', a.sourceAddress ? h('div', { class: 'muted' }, a.sourceAddress) : null),
    h('td', { class: 'audit-details' }, details(a.details)));
}

async function loadAudit(more) {
  try {
    const params = { ...auditFilters, size: 50 };
    if (more && auditNext) params.after = auditNext;
    const page = await busy(auditBody, api.get('/api/audit', params));
    const rows = (page.items || []).map(auditRow);
    if (more) auditBody.append(...rows);
    else replace(auditBody, rows.length ? rows : h('tr', null, h('td', { colspan: 6, class: 'muted' }, 'No audit entries match.')));
    auditNext = page.next || null;
    auditMore.hidden = !auditNext;
    if (more && rows[0]) rows[0].setAttribute('tabindex', '-1');
    if (more && rows[0]) rows[0].focus();
  } catch (e) {
    showError(e, 'Audit log');
  }
}

auditForm.addEventListener('submit', (e) => {
  e.preventDefault();
  clearError();
  auditFilters = {
    actor: $('#audit-actor').value.trim(),
    action: $('#audit-action').value.trim(),
    targetType: $('#audit-target-type').value,
  };
  loadAudit(false);
});
auditMore.addEventListener('click', () => loadAudit(true));
$('#feeds-reload').addEventListener('click', loadFeeds);

export default {
  title: () => 'Admin',
  show() {
    loadFeeds();
    loadKeys();
    loadAudit(false);
  },
  hide() {
    // a key is shown once: it must not wait on the page for whoever comes back to it
    keyCreated.textContent = '';
    keyBox.hidden = true;
  },
};
