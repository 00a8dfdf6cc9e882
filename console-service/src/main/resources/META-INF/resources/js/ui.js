// Page-wide feedback: the error banner (a problem's title and detail), polite status announcements for screen
// readers, and busy markers on regions being loaded.

import { $ } from './dom.js';

const banner = $('#error-banner');
const status = $('#status');

/** Shows an error in the banner: an ApiError's problem title and detail, or any other error's message. */
export function showError(error, context) {
  if (!error || error.name === 'AbortError') return;
  const title = error.title || 'Something went wrong';
  let detail = error.detail ?? error.message ?? '';
  if (error.problem && error.problem.parameter && !String(detail).includes(error.problem.parameter)) {
    detail = `${detail} (parameter: ${error.problem.parameter})`;
  }
  if (error.problem && error.problem.field && !String(detail).includes(error.problem.field)) {
    detail = `${detail} (field: ${error.problem.field})`;
  }
  banner.querySelector('.error-title').textContent = context ? `${context}: ${title}` : title;
  banner.querySelector('.error-detail').textContent = detail || '';
  banner.hidden = false;
}

export function clearError() {
  banner.hidden = true;
  banner.querySelector('.error-title').textContent = '';
  banner.querySelector('.error-detail').textContent = '';
}

banner.querySelector('.error-dismiss').addEventListener('click', clearError);

/** Announces a short message to assistive technology. */
export function announce(message) {
  status.textContent = '';
  // a new text node after a tick, so the same message twice is read twice
  setTimeout(() => { status.textContent = message; }, 30);
}

/** Marks a region busy while `promise` runs (aria-busy plus a visual state), and returns the promise. */
export async function busy(el, promise) {
  el.setAttribute('aria-busy', 'true');
  el.classList.add('is-loading');
  try {
    return await promise;
  } finally {
    el.setAttribute('aria-busy', 'false');
    el.classList.remove('is-loading');
  }
}

/** Shows a result line on a form (role=status element): ok or error style. */
export function formResult(el, message, ok = true) {
  el.textContent = message;
  el.classList.toggle('is-error', !ok);
  el.classList.toggle('is-ok', ok);
}
