// The console's entry point: signs in from the key kept in this tab, draws the nav for the caller's role, and
// routes on the URL hash (#/search?..., #/article/<id>, #/story/<id>, #/timeline?..., #/dyads?..., #/spikes?...,
// #/brief?..., #/alerts, #/admin, #/signin),
// showing exactly one page at a time.

import { api, getKey, setKey, clearKey, onUnauthorized } from './api.js';
import { $, $$, h, replace } from './dom.js';
import { showError, clearError } from './ui.js';
import * as session from './session.js';
import { searchHash, timelineHash, lastSearch, queryAndFilters } from './params.js';
import * as inbox from './inbox.js';
import signin, { leaveMessage } from './pages/signin.js';
import search from './pages/search.js';
import article from './pages/article.js';
import story from './pages/story.js';
import timeline from './pages/timeline.js';
import dyads from './pages/dyads.js';
import spikes from './pages/spikes.js';
import brief from './pages/brief.js';
import alerts from './pages/alerts.js';
import admin from './pages/admin.js';

const PAGES = { signin, search, article, story, timeline, dyads, spikes, brief, alerts, admin };
/** The lowest role each page is for; the services refuse the calls of a lower one anyway. */
const NEEDS = { alerts: 'editor', admin: 'admin' };
const NAV = [['search', 'Search'], ['timeline', 'Timeline'], ['dyads', 'Dyads'], ['spikes', 'Spikes'], ['brief', 'Brief'],
  ['alerts', 'Alerts', 'editor'], ['admin', 'Admin', 'admin']];

let current = null;
let booted = false;
let wanted = null;
let navLinks = {};

/** "#/article/abc?x=1" as {name: "article", arg: "abc", params}. */
export function parseHash(hash) {
  const raw = String(hash || '').replace(/^#\/?/, '');
  const at = raw.indexOf('?');
  const path = at < 0 ? raw : raw.slice(0, at);
  const [name, ...rest] = path.split('/');
  let arg = rest.join('/');
  try {
    arg = decodeURIComponent(arg);
  } catch {
    // a malformed escape: keep the text as it is
  }
  return { name: name || 'search', arg: arg || null, params: new URLSearchParams(at < 0 ? '' : raw.slice(at + 1)) };
}

function renderShell() {
  const me = session.current();
  const nav = $('#nav');
  navLinks = {};
  if (!me) {
    nav.replaceChildren();
    $('#session').hidden = true;
    $('#whoami').textContent = '';
    return;
  }
  $('#whoami').textContent = `${me.owner} · ${me.role}`;
  $('#session').hidden = false;
  const items = NAV.filter(([, , role]) => !role || session.atLeast(role)).map(([name, label]) => {
    const link = h('a', { href: `#/${name}`, dataset: { nav: name } }, label);
    navLinks[name] = link;
    return h('li', null, link);
  });
  replace(nav, h('ul', null, items));
}

function updateNav(name) {
  const last = lastSearch();
  if (navLinks.search) navLinks.search.href = searchHash(last);
  if (navLinks.timeline) navLinks.timeline.href = timelineHash(queryAndFilters(last));
  const active = name === 'article' || name === 'story' ? 'search' : name;
  for (const [n, link] of Object.entries(navLinks)) {
    if (n === active) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

function showUnread(count) {
  const link = navLinks.alerts;
  if (!link) return;
  replace(link, 'Alerts', count ? h('span', { class: 'badge' }, h('span', { class: 'visually-hidden' }, ', new: '), String(count)) : null);
}

function show(name, route) {
  if (current && current !== name && PAGES[current] && PAGES[current].hide) PAGES[current].hide();
  for (const page of $$('main > .page')) page.hidden = page.id !== `page-${name}`;
  const changed = current !== name;
  current = name;
  const page = PAGES[name];
  try {
    if (page) page.show(route);
  } catch (e) {
    showError({ title: 'This page failed to draw', detail: e && e.message ? e.message : String(e) });
  }
  // After the page: its show() records the search it displays, which the Search and Timeline links carry.
  updateNav(name);
  document.title = `${page && page.title ? page.title() : 'Not available'} – Redline`;
  if (changed && booted) {
    window.scrollTo(0, 0);
    const heading = $(`#page-${name} h1`);
    if (heading && name !== 'signin') heading.focus({ preventScroll: true });
  }
}

function route() {
  const r = parseHash(location.hash);
  if (booted) clearError(); // an error belongs to the page it happened on

  const me = session.current();
  if (!me) {
    if (r.name !== 'signin') {
      wanted = location.hash;
      history.replaceState(null, '', '#/signin');
    }
    show('signin', r);
    return;
  }
  if (r.name === 'signin') {
    history.replaceState(null, '', '#/search');
    route();
    return;
  }
  if (!PAGES[r.name]) {
    history.replaceState(null, '', '#/search');
    route();
    showError({ title: 'No such page', detail: `“#/${r.name}” is not a page of this console: here is the search.` });
    return;
  }
  if (NEEDS[r.name] && !session.atLeast(NEEDS[r.name])) {
    $('#forbidden-text').textContent = `The ${r.name} page needs an ${NEEDS[r.name]} key; you are signed in as `
      + `${me.owner} with the role ${me.role}. The services refuse its requests for this role too.`;
    show('forbidden', r);
    return;
  }
  show(r.name, r);
}

/** Which tabs may share one alert stream: those signed in with the same key (the inbox holds one stream per key). */
function inboxScope(me) {
  return me.keyId ? `key:${me.keyId}` : `${me.authMethod || 'other'}:${me.owner}`;
}

function startInbox() {
  if (!session.atLeast('editor')) return;
  inbox.start({
    scope: inboxScope(session.current()),
    onUnread: showUnread,
    onRevoked: () => signOut('Your key was revoked: sign in with another key.'),
  });
}

function onSignedIn(key, me) {
  setKey(key);
  session.setCurrent(me);
  renderShell();
  startInbox();
  const target = wanted && !/^#\/?signin/.test(wanted) && wanted !== '#' ? wanted : '#/search';
  wanted = null;
  if (location.hash === target) route();
  else location.hash = target;
}

/** Forgets the key and reloads, so nothing of the session (results, keys shown once) stays in the page. */
function signOut(message) {
  clearKey();
  inbox.stop();
  if (message) leaveMessage(message);
  history.replaceState(null, '', '#/signin');
  location.reload();
}

async function boot() {
  signin.init(onSignedIn);
  onUnauthorized(() => signOut('Your key is no longer accepted (revoked or unknown): sign in again.'));
  $('#signout').addEventListener('click', () => signOut());
  $('#skip-link').addEventListener('click', (e) => {
    e.preventDefault();
    const main = $('#main');
    main.focus();
    main.scrollIntoView();
  });
  window.addEventListener('unhandledrejection', (e) => showError(e.reason && e.reason.title ? e.reason
    : { title: 'Unexpected error in the page', detail: e.reason && e.reason.message ? e.reason.message : String(e.reason) }));

  const key = getKey();
  if (key) {
    try {
      session.setCurrent(await api.get('/api/me', null, { key }));
    } catch (e) {
      if (e.status === 401) {
        clearKey();
        leaveMessage('Your key is no longer accepted (revoked or unknown): sign in again.');
      } else {
        signin.retry(key, `Your key could not be checked: ${e.title}${e.detail ? `: ${e.detail}` : ''}. Press "Sign in" to try again.`);
        showError(e, 'Signing in');
      }
    }
  }
  renderShell();
  startInbox();
  window.addEventListener('hashchange', route);
  route();
  booted = true;
  $('#boot').hidden = true;
}

boot();
