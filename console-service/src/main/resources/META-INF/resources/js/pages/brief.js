// The desk brief (GET /api/brief?hours=N): what changed in the last hours, stories whose level rose most, new
// spikes and newly corroborated stories, each with the sentence that proves it.

import { api, isAbort } from '../api.js';
import { $, h, replace, levelBadge, timeEl } from '../dom.js';
import { showError, busy, announce } from '../ui.js';
import { evidenceBlock, spikesTable, list, num, str } from '../evidence.js';

const form = $('#brief-form');
const hours = $('#brief-hours');
const summary = $('#brief-summary');
const body = $('#brief-body');
const rises = $('#brief-rises');
const spikes = $('#brief-spikes');
const corroborated = $('#brief-corroborated');

let controller = null;

function hoursValue() {
  const n = Math.round(Number(hours.value));
  return Number.isFinite(n) && n >= 1 ? Math.min(n, 168) : 12;
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  location.hash = `#/brief?hours=${hoursValue()}`;
});

function storyLink(item) {
  const title = str(item.title) || '(untitled story)';
  return item.storyId ? h('a', { href: `#/story/${encodeURIComponent(item.storyId)}` }, title) : title;
}

function empty(text) {
  return h('p', { class: 'empty' }, text);
}

async function load() {
  if (controller) controller.abort();
  controller = new AbortController();
  const n = hoursValue();
  summary.textContent = 'Loading the brief…';
  try {
    const r = (await busy(body, api.get('/api/brief', { hours: n }, { signal: controller.signal }))) || {};
    const up = list(r.levelRises);
    const sp = list(r.spikes);
    const co = list(r.corroborated);
    summary.textContent = `The last ${r.hours ?? n} hours`
      + (r.from && r.to ? ` (${new Date(r.from).toLocaleString()} to ${new Date(r.to).toLocaleString()})` : '')
      + `: ${up.length} level rises, ${sp.length} spikes, ${co.length} newly corroborated stories.`;
    replace(rises, up.length
      ? h('ol', { class: 'brief-list' }, up.map((x) => h('li', null,
        h('p', { class: 'brief-item-head' }, storyLink(x), ' ',
          x.fromLevel || x.toLevel
            ? h('span', { class: 'brief-rise' }, x.fromLevel ? levelBadge(x.fromLevel) : '', ' → ', x.toLevel ? levelBadge(x.toLevel) : '')
            : null,
          x.rise != null ? h('span', { class: 'muted' }, ` +${num(x.rise)}`) : null),
        evidenceBlock(x.evidence))))
      : empty('No story rose in level in these hours.'));
    replace(spikes, sp.length ? spikesTable(sp, 'New spikes, most unusual first') : empty('No new spikes.'));
    replace(corroborated, co.length
      ? h('ol', { class: 'brief-list' }, co.map((x) => h('li', null,
        h('p', { class: 'brief-item-head' }, storyLink(x)),
        h('p', { class: 'meta' },
          x.outlets != null ? `${num(x.outlets)} independent outlets` : '',
          x.firstOutlet ? ` · first: ${x.firstOutlet}` : '',
          x.firstSeen ? [' · ', timeEl(x.firstSeen)] : null),
        evidenceBlock(x.evidence))))
      : empty('No story became corroborated in these hours.'));
    announce(summary.textContent);
  } catch (e) {
    if (isAbort(e)) return;
    summary.textContent = 'The brief could not be loaded: see the message above.';
    for (const el of [rises, spikes, corroborated]) el.replaceChildren();
    showError(e, 'Brief');
  }
}

export default {
  title: () => 'Desk brief',
  show(route) {
    const n = Number(route.params.get('hours'));
    hours.value = Number.isInteger(n) && n >= 1 && n <= 168 ? String(n) : '12';
    load();
  },
  hide() {
    if (controller) controller.abort();
  },
};
