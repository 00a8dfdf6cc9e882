// The dyads page: an actor pair's days (GET /api/dyads/{source}/{target}, or {actor}/all): conflict and cooperation
// volumes as bars, mean Goldstein and escalation as lines on one day axis, the same figures as a table, and per day
// the signals behind it with their evidence sentence.

import { api, isAbort } from '../api.js';
import { $, h, s, replace, humanize } from '../dom.js';
import { showError, busy, announce } from '../ui.js';
import { evidenceBlock, list, num } from '../evidence.js';

const form = $('#dyads-form');
const source = $('#dyads-source');
const target = $('#dyads-target');
const all = $('#dyads-all');
const from = $('#dyads-from');
const to = $('#dyads-to');
const summary = $('#dyads-summary');
const chart = $('#dyads-chart');
const table = $('#dyads-table');
const signals = $('#dyads-signals');

/** Okabe–Ito vermillion and blue: conflict and cooperation stay apart with the common colour-vision deficiencies. */
const CONFLICT = '#D55E00';
const COOPERATION = '#0072B2';
const ACTOR = /^[A-Za-z0-9_]{1,200}$/;

let controller = null;
let last = null;

function browserZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

function syncAll() {
  target.disabled = all.checked;
  target.required = !all.checked;
}

all.addEventListener('change', syncAll);

form.addEventListener('submit', (e) => {
  e.preventDefault();
  const p = new URLSearchParams();
  p.set('source', source.value.trim().toUpperCase());
  p.set('target', all.checked ? 'all' : target.value.trim().toUpperCase());
  if (from.value) p.set('from', from.value);
  if (to.value) p.set('to', to.value);
  location.hash = `#/dyads?${p}`;
});

function plural(n, word) {
  return `${n} ${n === 1 ? word : `${word}s`}`;
}

function pairLabel(r) {
  return r.target === 'all' ? `${r.source} and all other actors` : `${r.source} → ${r.target}`;
}

const dayFmt = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const dayLong = new Intl.DateTimeFormat(undefined, { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
// A day of the answer ("2026-12-01", already in the asked zone) drawn as that calendar day: read and shown in UTC.
const asDay = (d) => new Date(`${d}T00:00:00Z`);
const dayShort = (d) => (d ? dayFmt.format(asDay(d)) : '');
const dayText = (d) => (d ? dayLong.format(asDay(d)) : '');

/** The chart: conflict and cooperation bars side by side, then escalation (0–100) and mean Goldstein (−10…+10). */
export function drawDyads(chartEl, r, width) {
  const days = list(r.days);
  chartEl.replaceChildren();
  if (!days.length) {
    chartEl.append(s('svg', { role: 'img', 'aria-label': 'No articles in this range', viewBox: '0 0 400 40', class: 'chart-empty' },
      s('text', { x: 8, y: 24 }, 'No articles with this pair in this range.')));
    return;
  }
  const W = Math.max(320, Math.round(width || 800));
  const M = { left: 44, right: 44, top: 16, gap: 34, bottom: 40 };
  const volH = W < 560 ? 150 : 200;
  const lineH = W < 560 ? 110 : 140;
  const H = M.top + volH + M.gap + lineH + M.bottom;
  const plotW = W - M.left - M.right;
  const n = days.length;
  const band = plotW / n;
  const x = (i) => M.left + i * band + band / 2;
  const maxVol = Math.max(1, ...days.map((d) => Math.max(Number(d.conflict) || 0, Number(d.cooperation) || 0)));
  const niceVol = maxVol <= 4 ? maxVol : Math.ceil(maxVol / 4) * 4;
  const yVol = (v) => M.top + volH - (v / niceVol) * volH;
  const lineTop = M.top + volH + M.gap;
  const yEsc = (v) => lineTop + lineH - (v / 100) * lineH;
  const yGold = (v) => lineTop + lineH - ((v + 10) / 20) * lineH;
  const total = days.reduce((a, d) => a + (Number(d.articles) || 0), 0);
  const conflict = days.reduce((a, d) => a + (Number(d.conflict) || 0), 0);
  const coop = days.reduce((a, d) => a + (Number(d.cooperation) || 0), 0);
  const id = `dyads-chart-${Date.now()}`;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-labelledby': `${id} ${id}-d`, class: 'chart-svg' },
    s('title', { id }, `Dyad ${pairLabel(r)}, per day`),
    s('desc', { id: `${id}-d` }, `${total} articles from ${dayText(days[0].date)} to ${dayText(days[n - 1].date)}: `
      + `${conflict} with conflict events, ${coop} with cooperation events. The table below the chart has every figure.`));

  const vol = s('g', { class: 'panel' });
  const step = niceVol <= 4 ? 1 : niceVol / 4;
  for (let t = 0; t <= niceVol; t += step) {
    vol.append(s('line', { x1: M.left, x2: W - M.right, y1: yVol(t), y2: yVol(t), class: 'grid' }),
      s('text', { x: M.left - 6, y: yVol(t) + 4, class: 'tick tick-y' }, String(t)));
  }
  vol.append(s('text', { x: M.left, y: M.top - 4, class: 'axis-title' }, 'Articles per day: conflict, cooperation'));
  // Two bars per day, no wider than 28 px each however few the days.
  const barW = Math.max(1, Math.min(28, (band * 0.8) / 2));
  days.forEach((d, i) => {
    const c = Number(d.conflict) || 0;
    const k = Number(d.cooperation) || 0;
    if (c) vol.append(s('rect', { x: x(i) - barW, y: yVol(c), width: barW, height: yVol(0) - yVol(c), fill: CONFLICT, class: 'dyad-bar' },
      s('title', null, `${dayText(d.date)}: ${c} with conflict events`)));
    if (k) vol.append(s('rect', { x: x(i), y: yVol(k), width: barW, height: yVol(0) - yVol(k), fill: COOPERATION, class: 'dyad-bar' },
      s('title', null, `${dayText(d.date)}: ${k} with cooperation events`)));
  });
  svg.append(vol);

  const lines = s('g', { class: 'panel' });
  for (const v of [0, 50, 100]) {
    lines.append(s('line', { x1: M.left, x2: W - M.right, y1: yEsc(v), y2: yEsc(v), class: 'grid' }),
      s('text', { x: M.left - 6, y: yEsc(v) + 4, class: 'tick tick-y' }, String(v)));
  }
  for (const v of [-10, 0, 10]) {
    lines.append(s('text', { x: W - M.right + 6, y: yGold(v) + 4, class: 'tick' }, v > 0 ? `+${v}` : String(v)));
  }
  lines.append(s('line', { x1: M.left, x2: W - M.right, y1: yGold(0), y2: yGold(0), class: 'grid grid-level' }));
  lines.append(s('text', { x: M.left, y: lineTop - 6, class: 'axis-title' }, 'Escalation (left, mean and highest) · mean Goldstein (right)'));
  const path = (field, y) => {
    let d = '';
    let open = false;
    days.forEach((p, i) => {
      const v = p[field];
      if (v == null || Number.isNaN(Number(v))) { open = false; return; }
      d += `${open ? 'L' : 'M'}${x(i).toFixed(1)},${y(Number(v)).toFixed(1)}`;
      open = true;
    });
    return d;
  };
  lines.append(s('path', { d: path('maxEscalation', yEsc), class: 'esc-max' }),
    s('path', { d: path('meanEscalation', yEsc), class: 'esc-mean' }),
    s('path', { d: path('meanGoldstein', yGold), class: 'goldstein-line' }));
  days.forEach((d, i) => {
    // A dot per day as well as the line, so a lone day (a line of one point draws nothing) is seen too.
    if (d.meanEscalation != null) {
      lines.append(s('circle', { cx: x(i), cy: yEsc(Number(d.meanEscalation)), r: n > 80 ? 1.5 : 3, class: 'esc-dot' },
        s('title', null, `${dayText(d.date)}: mean escalation ${num(d.meanEscalation)}, highest ${num(d.maxEscalation)}`)));
    }
    if (d.meanGoldstein == null) return;
    lines.append(s('circle', { cx: x(i), cy: yGold(Number(d.meanGoldstein)), r: n > 80 ? 1.5 : 3, class: 'goldstein-dot' },
      s('title', null, `${dayText(d.date)}: mean Goldstein ${num(d.meanGoldstein, 2)}`)));
  });
  svg.append(lines);

  const axis = s('g', { class: 'axis-x' });
  const base = lineTop + lineH;
  const every = Math.max(1, Math.ceil(n / Math.max(2, Math.floor(plotW / 70))));
  axis.append(s('line', { x1: M.left, x2: W - M.right, y1: base, y2: base, class: 'axis-line' }));
  for (let i = 0; i < n; i += every) {
    axis.append(s('text', { x: x(i), y: base + 16, class: 'tick tick-x' }, dayShort(days[i].date)));
  }
  axis.append(s('text', { x: M.left + plotW / 2, y: H - 4, class: 'axis-title axis-title-x' }, `Day (${r.timeZone || 'UTC'})`));
  svg.append(axis);

  const legend = h('ul', { class: 'legend', 'aria-label': 'Legend' },
    h('li', null, h('span', { class: 'swatch swatch-conflict', 'aria-hidden': 'true' }), 'Conflict'),
    h('li', null, h('span', { class: 'swatch swatch-cooperation', 'aria-hidden': 'true' }), 'Cooperation'),
    h('li', null, h('span', { class: 'swatch swatch-mean', 'aria-hidden': 'true' }), 'Mean escalation'),
    h('li', null, h('span', { class: 'swatch swatch-max', 'aria-hidden': 'true' }), 'Highest escalation'),
    h('li', null, h('span', { class: 'swatch swatch-goldstein', 'aria-hidden': 'true' }), 'Mean Goldstein'));
  chartEl.append(legend, svg);
}

function drawTable(r) {
  const days = list(r.days);
  if (!days.length) {
    replace(table, h('p', { class: 'muted' }, 'No data.'));
    return;
  }
  replace(table, h('table', { class: 'data compact dyads-table' },
    h('caption', null, `Dyad ${pairLabel(r)}, per day (${r.timeZone || 'UTC'})`),
    h('thead', null, h('tr', null, ['Day', 'Articles', 'Conflict', 'Cooperation', 'Mean Goldstein', 'Mean escalation', 'Highest escalation', 'Signals']
      .map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', null, days.map((d) => h('tr', null,
      h('th', { scope: 'row' }, dayText(d.date)),
      h('td', { class: 'num' }, num(d.articles)),
      h('td', { class: 'num' }, num(d.conflict)),
      h('td', { class: 'num' }, num(d.cooperation)),
      h('td', { class: 'num' }, num(d.meanGoldstein, 2)),
      h('td', { class: 'num' }, num(d.meanEscalation)),
      h('td', { class: 'num' }, num(d.maxEscalation)),
      h('td', null, list(d.signals).map((x) => `${humanize(x.type)} ${num(x.count)}`).join(', ')))))));
}

function drawSignals(r) {
  const days = list(r.days).filter((d) => list(d.signals).length).reverse();
  if (!days.length) {
    replace(signals, h('p', { class: 'empty' }, 'No signals on these days.'));
    return;
  }
  replace(signals, days.map((d) => h('section', { class: 'dyad-day', 'aria-label': dayText(d.date) },
    h('h3', { class: 'h-small' }, dayText(d.date)),
    h('ul', { class: 'dyad-signals' }, list(d.signals).map((x) => h('li', null,
      h('p', { class: 'dyad-signal-head' }, h('strong', null, humanize(x.type)),
        ` · ${num(x.count)} ${Number(x.count) === 1 ? 'article' : 'articles'}`),
      evidenceBlock(x.evidence)))))));
}

function draw() {
  if (!last) return;
  drawDyads(chart, last, chart.clientWidth);
  drawTable(last);
  drawSignals(last);
}

async function load(src, tgt, f, t) {
  if (controller) controller.abort();
  controller = new AbortController();
  replace(chart, h('p', { class: 'muted' }, 'Loading the series…'));
  try {
    const path = `/api/dyads/${encodeURIComponent(src)}/${encodeURIComponent(tgt)}`;
    const r = await busy(chart, api.get(path, { from: f, to: t, tz: browserZone() }, { signal: controller.signal }));
    last = r || {};
    const days = list(last.days);
    summary.textContent = `${pairLabel({ source: last.source || src, target: last.target || tgt })}: `
      + (days.length ? `${plural(days.reduce((a, d) => a + (Number(d.articles) || 0), 0), 'article')} from ${dayText(days[0].date)} to ${dayText(days[days.length - 1].date)}.`
        : 'no articles in this range.');
    draw();
    announce(summary.textContent);
  } catch (e) {
    if (isAbort(e)) return;
    last = null;
    summary.textContent = '';
    replace(chart, h('p', { class: 'muted' }, 'The series could not be drawn: see the message above.'));
    table.replaceChildren();
    signals.replaceChildren();
    showError(e, 'Dyads');
  }
}

let resizeTimer = null;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    if (!chart.closest('.page').hidden) draw();
  }, 150);
});

export default {
  title: () => 'Dyads',
  show(route) {
    const p = route.params;
    const src = (p.get('source') || '').trim().toUpperCase();
    const tgt = (p.get('target') || '').trim();
    source.value = src;
    all.checked = tgt.toLowerCase() === 'all';
    target.value = all.checked ? '' : tgt.toUpperCase();
    from.value = p.get('from') || '';
    to.value = p.get('to') || '';
    syncAll();
    if (!src || !tgt) {
      last = null;
      summary.textContent = 'Choose an actor and another actor (or "against all"), then Show.';
      replace(chart, h('p', { class: 'muted' }, 'No pair chosen yet.'));
      table.replaceChildren();
      signals.replaceChildren();
      return;
    }
    // Checked here too so a typo gets a plain message; the service checks the same and names the parameter.
    if (!ACTOR.test(src) || (!all.checked && !ACTOR.test(tgt))) {
      showError({ title: 'Not an actor code', detail: 'Actor codes are letters, digits and _, e.g. RUS or NATO.' }, 'Dyads');
      return;
    }
    load(src, all.checked ? 'all' : tgt.toUpperCase(), from.value || null, to.value || null);
  },
  hide() {
    if (controller) controller.abort();
  },
};
