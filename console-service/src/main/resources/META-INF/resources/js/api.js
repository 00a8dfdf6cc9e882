// The one way the console talks to the services: fetch() on this origin's /api, the API key from sessionStorage as
// a bearer token (never in a URL, a cookie or a log), and every refusal turned into an ApiError carrying the
// RFC 9457 problem's title and detail so the page can show what the service said.

const KEY = 'redline.key';

/** A refused or failed request: status (0 when the server was not reached), and the problem's title and detail. */
export class ApiError extends Error {
  constructor(status, title, detail, problem = {}) {
    super(detail ? `${title}: ${detail}` : title);
    this.name = 'ApiError';
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.problem = problem;
  }
}

export function getKey() {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function setKey(key) {
  sessionStorage.setItem(KEY, key);
}

export function clearKey() {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // storage disabled: nothing was kept
  }
}

let unauthorized = () => {};

/** Called with the ApiError when a signed-in request answers 401 (the key was revoked or has expired). */
export function onUnauthorized(handler) {
  unauthorized = handler;
}

/** A query string from an object; arrays repeat the parameter, empty values are left out. */
export function toQuery(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v == null || v === '') continue;
    if (Array.isArray(v)) v.filter((x) => x != null && x !== '').forEach((x) => q.append(k, String(x)));
    else q.append(k, String(v));
  }
  return q.toString();
}

/** The ApiError of a non-2xx response: its problem-details body when it has one, else the status line. */
export async function problemOf(res) {
  let body = null;
  let text = '';
  try {
    text = await res.text();
    const type = res.headers.get('content-type') || '';
    if (type.includes('json') && text) body = JSON.parse(text);
  } catch {
    body = null;
  }
  const title = (body && typeof body.title === 'string' && body.title) || `${res.status} ${res.statusText || 'Error'}`.trim();
  let detail = body && typeof body.detail === 'string' ? body.detail : '';
  if (!body && text && !/^\s*</.test(text)) detail = text.slice(0, 300);
  const retry = res.headers.get('retry-after');
  if (retry && /^\d+$/.test(retry)) detail = `${detail}${detail ? ' ' : ''}(try again in ${retry} s)`;
  const err = new ApiError(res.status, title, detail, body || {});
  err.retryAfter = retry && /^\d+$/.test(retry) ? Number(retry) : null;
  return err;
}

/**
 * Sends a request. Options: params (query), json (body sent as application/json), body + contentType (raw
 * body), signal, key (a key to try instead of the stored one: sign-in), withResponse (answer {data, response}).
 */
export async function request(method, path, options = {}) {
  const { params, json, body, contentType, signal, key, withResponse } = options;
  const query = params ? toQuery(params) : '';
  const url = query ? `${path}?${query}` : path;
  const headers = new Headers({ Accept: 'application/json, application/problem+json;q=0.9' });
  const credential = key ?? getKey();
  if (credential) headers.set('Authorization', `Bearer ${credential}`);
  let payload = body;
  if (json !== undefined) {
    payload = JSON.stringify(json);
    headers.set('Content-Type', 'application/json');
  } else if (contentType) {
    headers.set('Content-Type', contentType);
  }
  let res;
  try {
    res = await fetch(url, { method, headers, body: payload, signal, cache: 'no-store', credentials: 'omit' });
  } catch (e) {
    if (e && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'The console server did not answer', 'Check your connection and that Redline is running, then try again.');
  }
  if (!res.ok) {
    const err = await problemOf(res);
    if (res.status === 401 && key === undefined && credential) unauthorized(err);
    throw err;
  }
  let data = null;
  if (res.status !== 204) {
    const type = res.headers.get('content-type') || '';
    const text = await res.text();
    data = type.includes('json') && text ? JSON.parse(text) : text;
  }
  return withResponse ? { data, response: res } : data;
}

export const api = {
  get: (path, params, options = {}) => request('GET', path, { ...options, params }),
  post: (path, json, options = {}) => request('POST', path, { ...options, json }),
  put: (path, json, options = {}) => request('PUT', path, { ...options, json }),
  del: (path, options = {}) => request('DELETE', path, options),
};

/** True for the AbortError of a request the page cancelled (a newer search replaced it). */
export function isAbort(e) {
  return e && e.name === 'AbortError';
}
