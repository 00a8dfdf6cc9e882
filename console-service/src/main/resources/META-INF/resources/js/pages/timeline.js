// The timeline page: escalation and volume over time for the current search (GET /api/timeline with the same
// query and filters), per hour or day, optionally split by signal or actor, as an SVG chart and a table.

import { api, isAbort } from '../api.js';
import { $, h, replace } from '../dom.js';
import { showError, busy, announce } from '../ui.js';
import { stateFrom, timelineHash, searchHash, queryAndFilters, describe, rememberSearch } from '../params.js';
import { drawTimeline } from '../chart.js';

const chart = $('#timeline-chart');
const table = $('#timeline-table');
const summary = $('#timeline-query');
const interval = $('#timeline-interval');
const split = $('#timeline-split');
const range = $('#timeline-range');
const form = $('#timeline-form');
const intervalNote = $('#timeline-interval-note');
const hourOption = interval.querySelector('option[value="hour"]');

const RANGES = { '24h': 24 * 3600e3, '7d': 7 * 86400e3, '30d': 30 * 86400e3 };

let state = {};
let controller = null;
let last = null;

function browserZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** The /api/timeline parameters: the search's query and filters, with the range chosen here. */
function params() {
  const p = { ...queryAndFilters(state), interval: interval.value, tz: browserZone() };
  if (split.value !== 'none') p.split = split.value;
  if (range.value === 'all') {
    delete p.from;
    delete p.to;
  } else if (RANGES[range.value]) {
    // from the start of the hour, so the buckets line up with the clock
    const from = new Date(Date.now() - RANGES[range.value]);
    from.setMinutes(0, 0, 0);
    p.from = from.toISOString().replace('.000Z', 'Z');
    delete p.to;
  }
  return p;
}

function label() {
  return describe(state);
}

async function load() {
  if (controller) controller.abort();
  controller = new AbortController();
  chart.replaceChildren(h('p', { class: 'muted' }, 'Loading the timeline…'));
  try {
    const timeline = await busy(chart, api.get('/api/timeline', params(), { signal: controller.signal }));
    last = timeline;
    draw();
    announce(`Timeline: ${timeline.total} articles`);
  } catch (e) {
    if (isAbort(e)) return;
    last = null;
    replace(chart, h('p', { class: 'muted' }, 'The timeline could not be drawn: see the message above.'));
    table.replaceChildren();
    showError(e, 'Timeline');
  }
}

function draw() {
  if (!last) return;
  drawTimeline(chart, table, last, { split: split.value, width: chart.clientWidth, label: label() });
}

/** "All time" is drawn per day: per hour it could pass the 10,000 buckets /api/timeline answers at most. */
function limitInterval() {
  const all = range.value === 'all';
  if (all) interval.value = 'day';
  hourOption.disabled = all;
  intervalNote.hidden = !all;
  if (all) interval.setAttribute('aria-describedby', intervalNote.id);
  else interval.removeAttribute('aria-describedby');
}

function update() {
  limitInterval();
  const extra = { interval: interval.value, split: split.value === 'none' ? '' : split.value, range: range.value };
  location.hash = timelineHash(state, extra);
}

form.addEventListener('change', update);
form.addEventListener('submit', (e) => {
  e.preventDefault();
  update();
});

let resizeTimer = null;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    if (!chart.closest('.page').hidden) draw();
  }, 150);
});

export default {
  title: () => 'Timeline',
  show(route) {
    state = stateFrom(route.params);
    delete state.sort;
    delete state.group;
    rememberSearch({ ...state });
    const p = route.params;
    interval.value = p.get('interval') === 'day' ? 'day' : p.get('interval') === 'hour' ? 'hour' : (state.from || state.to ? 'day' : 'hour');
    split.value = ['signal', 'actor'].includes(p.get('split')) ? p.get('split') : 'none';
    const r = p.get('range');
    range.value = r && ['search', '24h', '7d', '30d', 'all'].includes(r) ? r : (state.from || state.to ? 'search' : '7d');
    limitInterval();
    replace(summary, 'For the search ', h('strong', null, describe(state)), ' · ',
      h('a', { href: searchHash(state) }, 'back to its results'));
    load();
  },
  hide() {
    if (controller) controller.abort();
  },
};
