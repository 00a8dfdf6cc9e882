// DOM helpers. Every piece of text that comes from the API goes into the page through text nodes or attribute
// values built here, never through innerHTML, so an article, a feed title or an error message cannot inject markup.

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Appends children (nodes, strings, numbers, nested arrays; null and false skipped) as nodes or text. */
export function append(el, ...children) {
  for (const c of children.flat(Infinity)) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function build(el, attrs, children) {
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v == null || v === false) continue;
      if (k === 'class') el.setAttribute('class', Array.isArray(v) ? v.filter(Boolean).join(' ') : v);
      else if (k === 'text') el.textContent = String(v);
      else if (k === 'dataset') Object.entries(v).forEach(([dk, dv]) => { if (dv != null) el.dataset[dk] = String(dv); });
      else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (v === true) el.setAttribute(k, '');
      else el.setAttribute(k, String(v));
    }
  }
  return append(el, children);
}

/** An HTML element: h('a', {href, class, text}, ...children). */
export function h(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

/** An SVG element. */
export function s(tag, attrs, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => Array.from(root.querySelectorAll(sel));

/** Empties an element and fills it again. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, ...children);
}

/**
 * A highlight passage from the API as nodes: only <em>…</em> and <mark>…</mark> are understood (both become
 * <mark>); everything else, tags included, is text. Elasticsearch's default highlighter and alert-service both
 * put the raw article text between the markers, so treating the rest as text is exact as well as safe.
 */
export function highlightNodes(passage) {
  const frag = document.createDocumentFragment();
  if (passage == null) return frag;
  const parts = String(passage).split(/(<\/?(?:em|mark)>)/i);
  let open = null;
  for (const part of parts) {
    if (/^<(em|mark)>$/i.test(part)) {
      if (!open) open = document.createElement('mark');
      continue;
    }
    if (/^<\/(em|mark)>$/i.test(part)) {
      if (open) { frag.append(open); open = null; }
      continue;
    }
    if (!part) continue;
    (open || frag).append(document.createTextNode(part));
  }
  if (open) frag.append(open);
  return frag;
}

/** The words a highlight passage marks, lower-cased. */
export function highlightedTerms(passages) {
  const out = new Set();
  for (const p of passages || []) {
    const re = /<(em|mark)>(.*?)<\/\1>/gis;
    let m;
    while ((m = re.exec(String(p)))) {
      const t = m[2].trim().toLowerCase();
      if (t) out.add(t);
    }
  }
  return [...out];
}

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Plain text with each occurrence of any of `terms` (whole words, any case) wrapped in <mark> (or `tag`). */
export function markTerms(text, terms, markClass, tag = 'mark') {
  const frag = document.createDocumentFragment();
  const list = [...new Set((terms || []).map((t) => String(t).trim()).filter((t) => t.length > 1))]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp);
  if (!list.length) {
    frag.append(document.createTextNode(text));
    return frag;
  }
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${list.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  let last = 0;
  let m;
  while ((m = re.exec(text))) {
    if (m.index > last) frag.append(document.createTextNode(text.slice(last, m.index)));
    frag.append(h(tag, { class: markClass }, m[0]));
    last = m.index + m[0].length;
    if (m[0].length === 0) re.lastIndex++;
  }
  if (last < text.length) frag.append(document.createTextNode(text.slice(last)));
  return frag;
}

/** An http(s) URL from the API as an href, or null (never javascript:, data: or relative surprises). */
export function safeHttpUrl(url) {
  if (!url) return null;
  try {
    const u = new URL(String(url));
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/** A link to an outside page: opens in a new tab, without referrer or opener. */
export function externalLink(url, text, attrs = {}) {
  const href = safeHttpUrl(url);
  if (!href) return h('span', attrs, text);
  return h('a', { ...attrs, href, target: '_blank', rel: 'noopener noreferrer' }, text);
}

const dateTime = new Intl.DateTimeFormat(undefined, {
  year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit',
});

/** A <time> element for an ISO instant, in the browser's time zone. */
export function timeEl(iso, fallback = '—') {
  if (!iso) return h('span', { class: 'muted' }, fallback);
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return h('span', null, String(iso));
  return h('time', { datetime: d.toISOString(), title: d.toISOString() }, dateTime.format(d));
}

export function formatDate(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : dateTime.format(d);
}

/** "3 min ago" / "in 2 h" for an ISO instant. */
export function relative(iso) {
  if (!iso) return '';
  const ms = new Date(iso).getTime() - Date.now();
  if (Number.isNaN(ms)) return '';
  const abs = Math.abs(ms);
  const fmt = (n, u) => (ms < 0 ? `${n} ${u} ago` : `in ${n} ${u}`);
  if (abs < 45_000) return ms < 0 ? 'just now' : 'in a few seconds';
  if (abs < 3_600_000) return fmt(Math.round(abs / 60_000), 'min');
  if (abs < 86_400_000) return fmt(Math.round(abs / 3_600_000), 'h');
  return fmt(Math.round(abs / 86_400_000), 'd');
}

const LEVELS = ['NONE', 'LOW', 'ELEVATED', 'HIGH', 'CRITICAL'];

/** The escalation level badge. */
export function levelBadge(level) {
  const l = LEVELS.includes(String(level)) ? String(level) : 'NONE';
  return h('span', { class: `level-badge level-${l.toLowerCase()}`, title: 'Escalation level' }, l);
}

/** SIGNAL_NAME as "Signal name". */
export function humanize(code) {
  if (!code) return '';
  const s = String(code).toLowerCase().replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Downloads text as a file (a Blob URL, revoked right after). */
export function download(filename, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Swaps an element out of the document (keeping its place) or back in: absent, not just hidden, when not allowed. */
export function present(el, allowed) {
  if (!el) return;
  if (!el._placeholder) el._placeholder = document.createComment(`${el.id || el.tagName} (not for this role)`);
  if (allowed && !el.isConnected && el._placeholder.isConnected) el._placeholder.replaceWith(el);
  if (!allowed && el.isConnected) el.replaceWith(el._placeholder);
}
