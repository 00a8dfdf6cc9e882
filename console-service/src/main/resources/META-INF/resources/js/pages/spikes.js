// The spikes page: what is unusual now (GET /api/spikes): per actor, signal or dyad the observed count against the
// same hour's median over the last weeks, the score, and the top evidence sentences of the articles behind it.

import { api, isAbort } from '../api.js';
import { $, h, replace } from '../dom.js';
import { showError, busy, announce } from '../ui.js';
import { spikesTable, list, str } from '../evidence.js';

const form = $('#spikes-form');
const windowSel = $('#spikes-window');
const kind = $('#spikes-kind');
const summary = $('#spikes-summary');
const out = $('#spikes-list');

let controller = null;

function update() {
  const p = new URLSearchParams();
  p.set('window', windowSel.value);
  if (kind.value) p.set('kind', kind.value);
  location.hash = `#/spikes?${p}`;
}

form.addEventListener('submit', (e) => {
  e.preventDefault();
  update();
});
form.addEventListener('change', update);

async function load() {
  if (controller) controller.abort();
  controller = new AbortController();
  const params = { window: windowSel.value, kind: kind.value || null };
  replace(out, h('p', { class: 'muted' }, 'Loading the spikes…'));
  summary.textContent = '';
  try {
    const r = await busy(out, api.get('/api/spikes', params, { signal: controller.signal }));
    const spikes = list(r && r.spikes);
    summary.textContent = `${spikes.length} ${spikes.length === 1 ? 'spike' : 'spikes'}`
      + (r && r.at ? ` at ${new Date(r.at).toLocaleString()}` : '')
      + (r && r.weeks != null ? `, against the last ${r.weeks} weeks` : '')
      + (r && r.statistic ? ` (${str(r.statistic)})` : '') + '.';
    replace(out, spikes.length
      ? spikesTable(spikes, 'Spikes, most unusual first')
      : h('p', { class: 'empty' }, 'Nothing is unusual in this window.'));
    announce(summary.textContent);
  } catch (e) {
    if (isAbort(e)) return;
    replace(out, h('p', { class: 'muted' }, 'The spikes could not be loaded: see the message above.'));
    showError(e, 'Spikes');
  }
}

export default {
  title: () => 'Spikes',
  show(route) {
    const p = route.params;
    const w = p.get('window');
    windowSel.value = [...windowSel.options].some((o) => o.value === w) ? w : '60';
    const k = p.get('kind');
    kind.value = ['actor', 'signal', 'dyad'].includes(k) ? k : '';
    load();
  },
  hide() {
    if (controller) controller.abort();
  },
};
