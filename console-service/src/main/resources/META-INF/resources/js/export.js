// Export of the current search as CSV or JSON, bounded: at most EXPORT_LIMIT articles, read 100 at a time; a result
// set within the limit on a snapshot cursor (cursor=*), so every hit comes once even while articles arrive.

import { api } from './api.js';
import { download } from './dom.js';
import { queryAndFilters } from './params.js';

export const EXPORT_LIMIT = 1000;
const PAGE = 100;

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break, quotes doubled. A text cell that a
 * spreadsheet would read as a formula (= + - @, or a tab or carriage return first, also after leading spaces) gets
 * a ' in front; numbers are written as they are.
 */
export function csvCell(value) {
  if (value == null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let s = String(value);
  if (/^[\s]*[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows (arrays of cells) as CSV text with CRLF line ends. */
export function toCsv(rows) {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export const CSV_COLUMNS = ['id', 'published_at', 'title', 'source', 'url', 'language', 'level', 'escalation_score',
  'deescalation_score', 'signals', 'actors', 'story_id', 'evidence'];

/** One search hit as a CSV row. */
export function csvRow(item) {
  const doc = item.document || {};
  const a = doc.article || {};
  const an = doc.analysis || {};
  const signals = (an.signals || []).map((s) => `${s.type}:${String(s.modality || '').toLowerCase()}`);
  const evidence = (an.topEvidence && an.topEvidence[0]) || (an.signals && an.signals[0] && an.signals[0].evidence);
  return [
    item.id,
    a.publishedAt || '',
    a.title || '',
    a.sourceDomain || '',
    a.url || '',
    a.language || '',
    an.level || '',
    typeof an.escalationScore === 'number' ? an.escalationScore : '',
    typeof an.deescalationScore === 'number' ? an.deescalationScore : '',
    [...new Set(signals)].join('; '),
    (an.actors || []).join('; '),
    item.storyId || '',
    evidence ? evidence.sentence : '',
  ];
}

/** Reads up to EXPORT_LIMIT hits of the search; progress(n, total) after each page. */
export async function collect(state, progress, signal) {
  // no facets: an export reads hits only; the total stays exact (it is shown as "of N")
  const params = { ...queryAndFilters(state), size: PAGE, facets: 'none' };
  if (state.sort) params.sort = state.sort;
  // The first page, without a cursor, tells the total. A snapshot (cursor=*) keeps a point in time open on the
  // search-service until its last page is read: only a result set within the limit is read to that last page, so only
  // then is the first page asked again as a snapshot; a larger one is paged on the plain cursor.
  let page = await api.get('/api/articles', params, { signal });
  if (page.nextCursor && page.total > PAGE && page.total <= EXPORT_LIMIT) {
    page = await api.get('/api/articles', { ...params, cursor: '*' }, { signal });
  }
  const items = [];
  // the plain cursor follows the live index: an article may come twice when hits move between pages
  const ids = new Set();
  let total = 0;
  for (;;) {
    total = page.total;
    for (const item of page.items || []) {
      if (ids.has(item.id)) continue;
      ids.add(item.id);
      items.push(item);
    }
    progress(Math.min(items.length, EXPORT_LIMIT), total);
    if (!page.nextCursor || !page.items || !page.items.length || items.length >= EXPORT_LIMIT) break;
    page = await api.get('/api/articles', { ...params, cursor: page.nextCursor }, { signal });
  }
  return { items: items.slice(0, EXPORT_LIMIT), total };
}

function stamp() {
  return new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
}

/** Collects and downloads the search as `format` (csv or json); answers {count, total}. */
export async function exportSearch(format, state, progress, signal) {
  const { items, total } = await collect(state, progress, signal);
  const name = `redline-search-${stamp()}`;
  if (format === 'csv') {
    // A byte-order mark first, so spreadsheet programs read the file as UTF-8.
    download(`${name}.csv`, `\ufeff${toCsv([CSV_COLUMNS, ...items.map(csvRow)])}`, 'text/csv;charset=utf-8');
  } else {
    const body = {
      exportedAt: new Date().toISOString(),
      search: queryAndFilters(state),
      sort: state.sort || null,
      total,
      count: items.length,
      limit: EXPORT_LIMIT,
      truncated: total > items.length,
      items: items.map((i) => ({ id: i.id, storyId: i.storyId, relevance: i.score, ...i.document })),
    };
    download(`${name}.json`, JSON.stringify(body, null, 2), 'application/json');
  }
  return { count: items.length, total };
}
