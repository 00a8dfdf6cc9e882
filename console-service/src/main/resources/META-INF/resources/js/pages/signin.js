// Sign-in with an API key: GET /api/me with the key tells who it belongs to and their role; only then is the key
// kept (sessionStorage, this tab only).

import { api } from '../api.js';
import { $ } from '../dom.js';

const form = $('#signin-form');
const input = $('#signin-key');
const error = $('#signin-error');
const submit = $('#signin-submit');

const MESSAGE = 'redline.signin-message';

let signedIn = () => {};

function showMessage(text) {
  error.textContent = text;
  error.hidden = !text;
  if (text) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
}

/** A message for the sign-in page after a reload (why the session ended). */
export function leaveMessage(text) {
  try {
    sessionStorage.setItem(MESSAGE, text);
  } catch {
    // storage disabled: the message is lost, the sign-in page still shows
  }
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const key = input.value.trim();
  if (!key) {
    showMessage('Paste your API key first.');
    input.focus();
    return;
  }
  submit.disabled = true;
  submit.textContent = 'Signing in…';
  try {
    const me = await api.get('/api/me', null, { key });
    showMessage('');
    input.value = '';
    signedIn(key, me);
  } catch (err) {
    const text = err.status === 401
      ? `This key was not accepted (${err.title}${err.detail ? `: ${err.detail}` : ''}). Check that it is complete and not revoked.`
      : `${err.title}${err.detail ? `: ${err.detail}` : ''}`;
    showMessage(text);
    input.focus();
  } finally {
    submit.disabled = false;
    submit.textContent = 'Sign in';
  }
});

export default {
  title: () => 'Sign in',
  /** onSignedIn(key, me) is called once a key is accepted. */
  init(onSignedIn) {
    signedIn = onSignedIn;
  },
  /** Pre-fills a key that could not be checked (the server did not answer), so "Sign in" retries it. */
  retry(key, text) {
    input.value = key;
    showMessage(text);
  },
  show() {
    let message = null;
    try {
      message = sessionStorage.getItem(MESSAGE);
      sessionStorage.removeItem(MESSAGE);
    } catch {
      message = null;
    }
    if (message) showMessage(message);
    setTimeout(() => input.focus(), 0);
  },
  hide() {},
};
