// Server-Sent Events over fetch() and a ReadableStream: EventSource cannot send an Authorization header, and the
// key must not go in a URL. Parses the event stream format (WHATWG HTML, "Server-sent events"), resumes with
// Last-Event-ID after a drop, and reconnects with exponential backoff (or the server's retry: / Retry-After).

import { problemOf } from './api.js';

/** Incremental parser of a text/event-stream: feed it decoded text, it calls onEvent({type, data, id}). */
export class SseParser {
  constructor(onEvent, onRetry = () => {}) {
    this.onEvent = onEvent;
    this.onRetry = onRetry;
    this.buffer = '';
    this.data = [];
    this.type = '';
    this.lastEventId = '';
    this.pendingId = null;
  }

  /** Adds text; complete lines are processed, a trailing partial line waits for more. */
  push(text) {
    this.buffer += text;
    for (;;) {
      const cr = this.buffer.indexOf('\r');
      const lf = this.buffer.indexOf('\n');
      let end = cr < 0 ? lf : lf < 0 ? cr : Math.min(cr, lf);
      if (end < 0) return;
      let next = end + 1;
      if (this.buffer[end] === '\r') {
        if (end === this.buffer.length - 1) return; // maybe a CRLF split across chunks: wait
        if (this.buffer[end + 1] === '\n') next = end + 2;
      }
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(next);
      this.line(line);
      end = -1;
    }
  }

  /** The stream ended: a lone CR is a line end; an event without its blank line is dropped, as the spec says. */
  end() {
    if (this.buffer.endsWith('\r')) {
      this.line(this.buffer.slice(0, -1));
    }
    this.buffer = '';
    this.data = [];
    this.type = '';
  }

  line(line) {
    if (line === '') {
      this.dispatch();
      return;
    }
    if (line.startsWith(':')) return; // a comment: the server's heartbeat
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.type = value;
    else if (field === 'id') {
      if (!value.includes('\0')) this.lastEventId = value;
    } else if (field === 'retry') {
      if (/^\d+$/.test(value)) this.onRetry(Number(value));
    }
  }

  dispatch() {
    if (!this.data.length) {
      this.type = '';
      return;
    }
    const event = { type: this.type || 'message', data: this.data.join('\n'), id: this.lastEventId };
    this.data = [];
    this.type = '';
    this.onEvent(event);
  }
}

const sleep = (ms, signal) => new Promise((resolve) => {
  const t = setTimeout(resolve, ms);
  if (signal) signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
});

/** Refusals that a reconnect cannot fix: the key, the role or the request is wrong. */
const FINAL = new Set([400, 401, 403, 404]);
/** How the server names a resume position it refuses (expired, or from another deployment). */
const RESUME_PARAMETERS = new Set(['Last-Event-ID', 'lastEventId']);

/**
 * A resumable stream. Options: headers() (fresh each connection), onEvent(event), onStatus(state, info) with
 * state one of connecting, live, reconnecting (info.delay ms, info.error), closed (info.error).
 */
export class SseClient {
  constructor(url, { headers = () => ({}), onEvent, onStatus = () => {}, minDelay = 1000, maxDelay = 30_000, idleTimeout = 45_000 }) {
    this.url = url;
    this.headers = headers;
    this.onEvent = onEvent;
    this.onStatus = onStatus;
    this.minDelay = minDelay;
    this.maxDelay = maxDelay;
    this.idleTimeout = idleTimeout;
    this.lastEventId = '';
    this.retry = null;
    this.stopped = true;
  }

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    this.stopper = new AbortController();
    this.loop();
  }

  stop() {
    this.stopped = true;
    if (this.stopper) this.stopper.abort();
    if (this.connection) this.connection.abort();
  }

  async loop() {
    let attempt = 0;
    while (!this.stopped) {
      let wait = null;
      this.onStatus(attempt ? 'reconnecting' : 'connecting', {});
      try {
        const opened = await this.connect();
        if (opened) attempt = 0;
      } catch (e) {
        if (this.stopped) return;
        if (e && e.status === 400 && this.lastEventId && e.problem && RESUME_PARAMETERS.has(e.problem.parameter)) {
          // only the stored position was refused: drop it and connect again at once, from now on
          this.lastEventId = '';
          continue;
        }
        if (e && FINAL.has(e.status)) {
          this.stopped = true;
          this.onStatus('closed', { error: e });
          return;
        }
        if (e && e.retryAfter) wait = e.retryAfter * 1000;
        this.lastError = e;
      }
      if (this.stopped) return;
      const backoff = Math.min(this.maxDelay, (this.retry ?? this.minDelay) * 2 ** attempt);
      // "equal jitter": half fixed, half random, so many tabs do not reconnect in step
      const delay = wait ?? Math.round(backoff / 2 + Math.random() * (backoff / 2));
      attempt += 1;
      this.onStatus('reconnecting', { delay, error: this.lastError });
      this.lastError = null;
      await sleep(delay, this.stopper.signal);
    }
  }

  /** One connection, read to its end; answers whether it opened. Throws the ApiError of a refusal. */
  async connect() {
    this.connection = new AbortController();
    const headers = new Headers({ Accept: 'text/event-stream', ...this.headers() });
    if (this.lastEventId) headers.set('Last-Event-ID', this.lastEventId);
    const res = await fetch(this.url, { headers, signal: this.connection.signal, cache: 'no-store', credentials: 'omit' });
    if (!res.ok) throw await problemOf(res);
    if (!res.body) throw new Error('this browser cannot read a streamed response');
    this.onStatus('live', {});
    const parser = new SseParser((event) => {
      if (event.id) this.lastEventId = event.id;
      this.onEvent(event);
    }, (ms) => { this.retry = ms; });
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let idle = null;
    const watchdog = () => {
      clearTimeout(idle);
      // the server sends a heartbeat every 15 s: silence for much longer means a dead connection
      idle = setTimeout(() => this.connection.abort(), this.idleTimeout);
    };
    watchdog();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        watchdog();
        parser.push(value);
      }
      parser.end();
    } catch (e) {
      if (this.stopped) return true;
      if (!(e && e.name === 'AbortError')) this.lastError = e;
    } finally {
      clearTimeout(idle);
    }
    return true;
  }
}
