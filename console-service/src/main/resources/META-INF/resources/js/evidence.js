// Rendering shared by the Dyads, Spikes and Brief pages: an evidence sentence with its article and outlet, a spike
// row, and number formatting that shows a blank for a figure the answer lacks (the spikes and brief APIs were built
// alongside these pages, so every field is read defensively).

import { h, humanize, levelBadge } from './dom.js';

/** A number with at most `digits` decimals, or "" when absent or not a number. */
export function num(v, digits = 1) {
  if (v == null || v === '' || Number.isNaN(Number(v))) return '';
  const n = Number(v);
  return Number.isInteger(n) ? String(n) : n.toFixed(digits).replace(/\.?0+$/, '');
}

/** A string field, or "". */
export function str(v) {
  return v == null ? '' : String(v);
}

/** A list field, or []. */
export function list(v) {
  return Array.isArray(v) ? v : [];
}

/**
 * An evidence block ({articleId, title, sourceDomain, sentence, level}): the sentence quoted, then the article link
 * and outlet; null when there is no sentence and no article.
 */
export function evidenceBlock(e) {
  if (!e || typeof e !== 'object') return null;
  const sentence = str(e.sentence);
  const id = str(e.articleId);
  if (!sentence && !id) return null;
  const title = str(e.title) || (id ? 'the article' : '');
  return h('div', { class: 'evidence-quote' },
    sentence ? h('blockquote', { class: 'evidence' }, `“${sentence}”`) : null,
    h('p', { class: 'meta' },
      e.level ? [levelBadge(e.level), ' '] : null,
      id ? h('a', { href: `#/article/${encodeURIComponent(id)}` }, title) : title,
      e.sourceDomain ? ` · ${e.sourceDomain}` : ''));
}

/** "RUS>UKR" as "RUS → UKR", a signal code humanized, an actor as it is. */
export function spikeKey(kind, key) {
  const k = str(key);
  if (kind === 'dyad') return k.replace('>', ' → ');
  if (kind === 'signal') return humanize(k);
  return k;
}

/** A table of spikes (as /api/spikes answers them), most unusual first as the API sorts them. */
export function spikesTable(spikes, caption) {
  const rows = list(spikes);
  return h('table', { class: 'data spikes-table' },
    h('caption', null, caption),
    h('thead', null, h('tr', null, ['Kind', 'Key', 'Observed', 'Usual (median)', 'Score', 'Ratio', 'Window', 'Top evidence']
      .map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', null, rows.map((sp) => {
      const b = sp && typeof sp.baseline === 'object' && sp.baseline ? sp.baseline : {};
      const weeks = list(b.weeks);
      return h('tr', null,
        h('td', null, humanize(sp.kind)),
        h('th', { scope: 'row' }, spikeKey(sp.kind, sp.key)),
        h('td', { class: 'num' }, num(sp.observed)),
        h('td', { class: 'num' }, num(b.median ?? sp.baselineMedian),
          weeks.length ? h('span', { class: 'muted' }, ` (weeks: ${weeks.map((w) => num(w)).join(', ')})`) : null),
        h('td', { class: 'num' }, num(sp.score)),
        h('td', { class: 'num' }, num(sp.ratio)),
        h('td', null, sp.from || sp.to ? `${shortTime(sp.from)}–${shortTime(sp.to)}` : ''),
        h('td', null, list(sp.topEvidence).slice(0, 3).map(evidenceBlock)));
    })));
}

const short = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

function shortTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : short.format(d);
}
