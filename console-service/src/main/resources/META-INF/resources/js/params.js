// A search as the console keeps it: the /api/articles parameters, each one string (several values
// comma-separated, which the API reads as repeated values), mirrored in the URL hash (#/search?q=...&level=HIGH)
// so a link to a search can be shared.

/** The filter parameters of /api/articles (and of /api/timeline and subscriptions). */
export const FILTERS = ['from', 'to', 'level', 'signal', 'modality', 'actor', 'source', 'language', 'category',
  'dyad', 'minScore', 'feed', 'tag'];

/** Everything a search link may carry, in the order it is written. */
export const SEARCH_KEYS = ['q', ...FILTERS, 'sort', 'group'];

/** Parameters that may hold several values. */
const MULTI = new Set(['level', 'signal', 'actor', 'source', 'language', 'category', 'dyad', 'feed', 'tag']);

/** The search held in URLSearchParams (repeated parameters joined by commas). */
export function stateFrom(params) {
  const state = {};
  for (const key of SEARCH_KEYS) {
    const values = params.getAll(key).map((v) => v.trim()).filter(Boolean);
    if (!values.length) continue;
    state[key] = MULTI.has(key) ? splitList(values.join(',')).join(',') : values[0];
  }
  if (state.group && state.group !== 'story') delete state.group;
  return state;
}

/** "a, b,,c" as ["a", "b", "c"]. */
export function splitList(value) {
  return String(value || '').split(',').map((v) => v.trim()).filter(Boolean);
}

/** The search as a query string, keys in a fixed order so equal searches give equal links. */
export function toQueryString(state, extra = {}) {
  const q = new URLSearchParams();
  for (const key of SEARCH_KEYS) {
    if (state[key] != null && state[key] !== '') q.set(key, state[key]);
  }
  for (const [k, v] of Object.entries(extra)) {
    if (v != null && v !== '') q.set(k, v);
  }
  return q.toString();
}

export function searchHash(state) {
  const q = toQueryString(state);
  return q ? `#/search?${q}` : '#/search';
}

export function timelineHash(state, extra = {}) {
  const q = toQueryString(state, extra);
  return q ? `#/timeline?${q}` : '#/timeline';
}

/** Only the query and filters (no sort, no grouping). */
export function queryAndFilters(state) {
  const out = {};
  for (const key of ['q', ...FILTERS]) if (state[key]) out[key] = state[key];
  return out;
}

/** The filters as a subscription's `filters` object ({"level": ["HIGH"]}); a time range makes no sense there. */
export function subscriptionFilters(state) {
  const out = {};
  for (const key of FILTERS) {
    if (key === 'from' || key === 'to' || !state[key]) continue;
    out[key] = MULTI.has(key) ? splitList(state[key]) : [state[key]];
  }
  return out;
}

/** A subscription's filters object as the text its form shows: level=HIGH&actor=RUS,NATO (not URL-encoded). */
export function filtersToText(filters) {
  const parts = [];
  for (const [k, v] of Object.entries(filters || {})) {
    const values = (Array.isArray(v) ? v : [v]).filter((x) => x != null && x !== '');
    if (values.length) parts.push(`${k}=${values.join(',')}`);
  }
  return parts.join('&');
}

/** The form's filter text back to an object (the service names any unknown parameter in its answer). */
export function textToFilters(text) {
  const out = {};
  const params = new URLSearchParams(String(text || '').trim().replace(/^\?/, ''));
  for (const [k, v] of params) {
    if (!k) continue;
    const values = splitList(v);
    if (!values.length) continue;
    out[k] = [...(out[k] || []), ...values];
  }
  return out;
}

/** A short human description of a search: “missile” · level HIGH · actor RUS. */
export function describe(state) {
  const parts = [];
  if (state.q) parts.push(`“${state.q}”`);
  for (const key of FILTERS) {
    if (!state[key]) continue;
    const value = key === 'from' || key === 'to' ? formatInstant(state[key]) : state[key].split(',').join(', ');
    parts.push(`${LABELS[key] || key} ${value}`);
  }
  return parts.length ? parts.join(' · ') : 'all articles';
}

const LABELS = { from: 'from', to: 'before', minScore: 'score ≥', modality: 'modality' };

function formatInstant(value) {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? value : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** An API instant (or date) as a datetime-local value in the browser's zone. */
export function toLocalInput(value) {
  if (!value) return '';
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local value (the browser's zone) as an ISO instant in UTC, which the API and a shared link keep. */
export function fromLocalInput(value) {
  if (!value) return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString().replace('.000Z', 'Z');
}

let last = {};
const stories = new Map();

/** The search last shown, so the nav's Search and Timeline links come back to it. */
export function rememberSearch(state) {
  last = { ...state };
}

export function lastSearch() {
  return { ...last };
}

/** Which story an article belongs to, as search results said (the article itself does not carry it). */
export function rememberStory(articleId, storyId) {
  if (articleId && storyId) stories.set(articleId, storyId);
}

export function storyOf(articleId) {
  return stories.get(articleId) || null;
}
