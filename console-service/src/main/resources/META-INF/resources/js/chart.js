// The timeline chart, drawn as SVG by our own code: article volume per bucket (bars, and one line per signal or
// actor when split) above escalation (mean and highest score, with the level thresholds), sharing one time axis;
// a title and description for assistive technology, a legend, and a table with the same figures.

import { h, s } from './dom.js';

/** Okabe–Ito colours: distinguishable with the common colour-vision deficiencies, all ≥ 3:1 on white. */
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#8C6D00', '#56B4E9', '#000000'];
const MAX_SERIES = 6;

function niceMax(v) {
  if (v <= 4) return Math.max(1, Math.ceil(v));
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function ticks(max, n = 4) {
  const step = max / n;
  return Array.from({ length: n + 1 }, (_, i) => Math.round(i * step * 100) / 100);
}

/** A time formatter for the bucket size, in the timeline's zone. */
export function timeFormat(interval, timeZone, long = false) {
  const opts = interval === 'hour' && long
    ? { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
    : { month: 'short', day: 'numeric', ...(long ? { year: 'numeric', weekday: 'short' } : {}) };
  try {
    return new Intl.DateTimeFormat(undefined, { ...opts, timeZone });
  } catch {
    return new Intl.DateTimeFormat(undefined, opts);
  }
}

/** 17:00 in the timeline's zone. */
function hourFormat(timeZone) {
  const opts = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  try {
    return new Intl.DateTimeFormat(undefined, { ...opts, timeZone });
  } catch {
    return new Intl.DateTimeFormat(undefined, opts);
  }
}

/** The split keys worth a line: the largest by total, at most MAX_SERIES. */
export function seriesOf(points) {
  const totals = new Map();
  for (const p of points) for (const b of p.split || []) totals.set(b.key, (totals.get(b.key) || 0) + b.count);
  return [...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, MAX_SERIES).map(([key]) => key);
}

function splitCount(point, key) {
  const b = (point.split || []).find((x) => x.key === key);
  return b ? b.count : 0;
}

/**
 * Draws `timeline` ({interval, timeZone, total, points}) into `chartEl` and its table into `tableEl`.
 * `width` is the drawing width in CSS pixels (the container's).
 */
export function drawTimeline(chartEl, tableEl, timeline, { split, width, label }) {
  const points = timeline.points || [];
  chartEl.replaceChildren();
  tableEl.replaceChildren();
  if (!points.length || !timeline.total) {
    chartEl.append(s('svg', { role: 'img', 'aria-label': 'No articles in this range', viewBox: '0 0 400 40', class: 'chart-empty' },
      s('text', { x: 8, y: 24 }, 'No articles match in this range.')));
    tableEl.append(h('p', { class: 'muted' }, 'No data.'));
    return;
  }
  const series = split && split !== 'none' ? seriesOf(points) : [];
  const fmt = timeFormat(timeline.interval, timeline.timeZone);
  const fmtLong = timeFormat(timeline.interval, timeline.timeZone, true);
  const W = Math.max(320, Math.round(width || 800));
  const narrow = W < 560;
  const M = { left: 44, right: 12, top: 12, gap: 34, bottom: 50 };
  const volH = narrow ? 170 : 220;
  const escH = narrow ? 120 : 150;
  const H = M.top + volH + M.gap + escH + M.bottom;
  const plotW = W - M.left - M.right;
  const n = points.length;
  const band = plotW / n;
  const x = (i) => M.left + i * band + band / 2;
  const maxCount = niceMax(Math.max(...points.map((p) => p.count), ...series.flatMap((k) => points.map((p) => splitCount(p, k)))));
  const yVol = (v) => M.top + volH - (v / maxCount) * volH;
  const escTop = M.top + volH + M.gap;
  const yEsc = (v) => escTop + escH - (v / 100) * escH;

  const peak = points.reduce((a, p) => (p.count > a.count ? p : a), points[0]);
  const escPeak = points.reduce((a, p) => ((p.maxEscalation ?? -1) > (a.maxEscalation ?? -1) ? p : a), points[0]);
  const titleId = `chart-title-${Date.now()}`;
  const descId = `${titleId}-desc`;
  const desc = `${timeline.total} articles from ${fmtLong.format(new Date(points[0].time))} to ${fmtLong.format(new Date(points[n - 1].time))}, `
    + `per ${timeline.interval}. Busiest: ${peak.count} articles at ${fmtLong.format(new Date(peak.time))}. `
    + (escPeak.maxEscalation != null ? `Highest escalation score ${Math.round(escPeak.maxEscalation)} at ${fmtLong.format(new Date(escPeak.time))}. ` : '')
    + (series.length ? `Lines: ${series.join(', ')}. ` : '')
    + 'The table below the chart has every figure.';

  const svg = s('svg', {
    viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: 'img', 'aria-labelledby': `${titleId} ${descId}`, class: 'chart-svg',
  }, s('title', { id: titleId }, `Timeline: ${label}`), s('desc', { id: descId }, desc));

  // Volume panel: grid, bars, split lines.
  const vol = s('g', { class: 'panel panel-volume' });
  // whole-number ticks: counts of articles have no fractions
  const tickCount = maxCount < 4 ? maxCount : [4, 5, 2, 3].find((k) => maxCount % k === 0) || 4;
  for (const t of ticks(maxCount, tickCount)) {
    vol.append(s('line', { x1: M.left, x2: W - M.right, y1: yVol(t), y2: yVol(t), class: 'grid' }),
      s('text', { x: M.left - 6, y: yVol(t) + 4, class: 'tick tick-y' }, String(t)));
  }
  vol.append(s('text', { x: M.left, y: M.top - 2, class: 'axis-title' }, `Articles per ${timeline.interval}`));
  const barW = Math.max(1, band * (n > 60 ? 0.9 : 0.7));
  points.forEach((p, i) => {
    if (!p.count) return;
    vol.append(s('rect', {
      x: x(i) - barW / 2, y: yVol(p.count), width: barW, height: Math.max(0, yVol(0) - yVol(p.count)),
      class: series.length ? 'bar bar-muted' : 'bar',
    }, s('title', null, `${fmtLong.format(new Date(p.time))}: ${p.count} articles`)));
  });
  series.forEach((key, k) => {
    const d = points.map((p, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${yVol(splitCount(p, key)).toFixed(1)}`).join('');
    vol.append(s('path', { d, class: 'series', stroke: PALETTE[k % PALETTE.length] },
      s('title', null, `${key}: ${points.reduce((a, p) => a + splitCount(p, key), 0)} articles`)));
  });
  svg.append(vol);

  // Escalation panel: level thresholds, mean and max lines (gaps where a bucket has no article).
  const esc = s('g', { class: 'panel panel-escalation' });
  for (const [v, name] of [[0, ''], [25, 'elevated'], [50, 'high'], [80, 'critical'], [100, '']]) {
    esc.append(s('line', { x1: M.left, x2: W - M.right, y1: yEsc(v), y2: yEsc(v), class: v && v < 100 ? 'grid grid-level' : 'grid' }),
      s('text', { x: M.left - 6, y: yEsc(v) + 4, class: 'tick tick-y' }, String(v)));
    if (name && !narrow) esc.append(s('text', { x: W - M.right - 4, y: yEsc(v) - 3, class: 'level-label' }, name));
  }
  esc.append(s('text', { x: M.left, y: escTop - 6, class: 'axis-title' }, 'Escalation score (mean, highest)'));
  const line = (field) => {
    let d = '';
    let open = false;
    points.forEach((p, i) => {
      if (p[field] == null) { open = false; return; }
      d += `${open ? 'L' : 'M'}${x(i).toFixed(1)},${yEsc(p[field]).toFixed(1)}`;
      open = true;
    });
    return d;
  };
  esc.append(s('path', { d: line('maxEscalation'), class: 'esc-max' }));
  esc.append(s('path', { d: line('meanEscalation'), class: 'esc-mean' }));
  points.forEach((p, i) => {
    if (p.meanEscalation == null) return;
    esc.append(s('circle', { cx: x(i), cy: yEsc(p.meanEscalation), r: n > 80 ? 1.5 : 3, class: 'esc-dot' },
      s('title', null, `${fmtLong.format(new Date(p.time))}: mean ${Math.round(p.meanEscalation)}, highest ${Math.round(p.maxEscalation)}`)));
  });
  svg.append(esc);

  // Shared time axis at the bottom, about one label per 75 px: the hour above, the day below it when it changes.
  const axis = s('g', { class: 'axis-x' });
  const every = Math.max(1, Math.ceil(n / Math.max(2, Math.floor(plotW / 75))));
  const base = escTop + escH;
  const hourFmt = hourFormat(timeline.timeZone);
  let lastDay = '';
  axis.append(s('line', { x1: M.left, x2: W - M.right, y1: base, y2: base, class: 'axis-line' }));
  for (let i = 0; i < n; i += every) {
    const d = new Date(points[i].time);
    const day = fmt.format(d);
    const label = s('text', { x: x(i), y: base + 16, class: 'tick tick-x' });
    if (timeline.interval === 'hour') {
      label.append(s('tspan', { x: x(i) }, hourFmt.format(d)));
      if (day !== lastDay) label.append(s('tspan', { x: x(i), dy: 13 }, day));
    } else {
      label.append(day);
    }
    lastDay = day;
    axis.append(s('line', { x1: x(i), x2: x(i), y1: base, y2: base + 4, class: 'axis-line' }), label);
  }
  axis.append(s('text', { x: M.left + plotW / 2, y: H - 4, class: 'axis-title axis-title-x' }, `Time (${timeline.timeZone})`));
  svg.append(axis);

  const legend = h('ul', { class: 'legend', 'aria-label': 'Legend' },
    h('li', null, h('span', { class: `swatch ${series.length ? 'swatch-bar-muted' : 'swatch-bar'}`, 'aria-hidden': 'true' }), 'Articles'),
    series.map((key, k) => h('li', null, h('span', { class: 'swatch swatch-line', 'aria-hidden': 'true', 'data-color': k }), key)),
    h('li', null, h('span', { class: 'swatch swatch-mean', 'aria-hidden': 'true' }), 'Mean escalation'),
    h('li', null, h('span', { class: 'swatch swatch-max', 'aria-hidden': 'true' }), 'Highest escalation'));
  // the legend's line colours come from the palette, set through CSSOM (no inline style attributes under the CSP)
  legend.querySelectorAll('[data-color]').forEach((el) => { el.style.backgroundColor = PALETTE[Number(el.dataset.color) % PALETTE.length]; });
  chartEl.append(legend, svg);

  const header = ['Time', 'Articles', 'Mean escalation', 'Highest escalation', ...series];
  tableEl.append(h('table', { class: 'data compact timeline-table' },
    h('caption', null, `Timeline of ${label}, per ${timeline.interval} (${timeline.timeZone})`),
    h('thead', null, h('tr', null, header.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', null, points.map((p) => h('tr', null,
      h('th', { scope: 'row' }, fmtLong.format(new Date(p.time))),
      h('td', { class: 'num' }, String(p.count)),
      h('td', { class: 'num' }, p.meanEscalation == null ? '—' : String(Math.round(p.meanEscalation))),
      h('td', { class: 'num' }, p.maxEscalation == null ? '—' : String(Math.round(p.maxEscalation))),
      series.map((key) => h('td', { class: 'num' }, String(splitCount(p, key)))))))));
}
