// A story: the articles the search service grouped as one story (near-identical text), earliest published first,
// so the outlet that had it first leads. Also renders the story list on the article page.

import { api, isAbort } from '../api.js';
import { $, h, replace, timeEl } from '../dom.js';
import { showError, busy } from '../ui.js';
import { lastSearch, searchHash, rememberStory } from '../params.js';

const heading = $('#story-page-h');
const meta = $('#story-meta');
const list = $('#story-list');
const back = $('#story-back');

let controller = null;
let title = 'Story';

/** The items of a story list: first outlet first, the current article (if any) marked. */
export function storyItems(story, currentId) {
  return (story.articles || []).map((a, i) => {
    rememberStory(a.id, story.id);
    const isCurrent = a.id === currentId;
    return h('li', { class: isCurrent ? 'story-article is-current' : 'story-article', dataset: { id: a.id } },
      h('div', { class: 'story-article-head' },
        i === 0 ? h('span', { class: 'tag tag-first' }, 'First') : null,
        h('span', { class: 'story-source' }, a.sourceDomain || 'unknown source'), ' · ', timeEl(a.publishedAt)),
      isCurrent
        ? h('span', { class: 'story-title', 'aria-current': 'page' }, a.title || '(untitled)', h('span', { class: 'muted' }, ' (this article)'))
        : h('a', { class: 'story-title', href: `#/article/${encodeURIComponent(a.id)}` }, a.title || '(untitled)'));
  });
}

/** "12 articles from 5 outlets". */
export function storySummary(story) {
  const outlets = new Set((story.articles || []).map((a) => a.sourceDomain).filter(Boolean));
  const n = story.count ?? (story.articles || []).length;
  const shown = (story.articles || []).length;
  return `${n} ${n === 1 ? 'article' : 'articles'} from ${outlets.size} ${outlets.size === 1 ? 'outlet' : 'outlets'}`
    + `${shown < n ? ` (the first ${shown} shown)` : ''}`;
}

async function load(id) {
  if (controller) controller.abort();
  controller = new AbortController();
  heading.textContent = 'Story';
  meta.textContent = 'Loading…';
  list.replaceChildren();
  try {
    const story = await busy(list, api.get(`/api/stories/${encodeURIComponent(id)}`, null, { signal: controller.signal }));
    const first = (story.articles || [])[0];
    title = first && first.title ? first.title : 'Story';
    heading.textContent = title;
    document.title = `${title} – Story – Redline`;
    meta.textContent = `${storySummary(story)}${first ? `; first published by ${first.sourceDomain || 'an unknown source'}` : ''}.`;
    replace(list, storyItems(story, null));
  } catch (e) {
    if (isAbort(e)) return;
    meta.textContent = 'This story could not be loaded.';
    showError(e, 'Story');
  }
}

export default {
  title: () => `${title} – Story`,
  show(route) {
    back.href = searchHash(lastSearch());
    if (!route.arg) {
      meta.textContent = 'No story given.';
      return;
    }
    load(route.arg);
  },
  hide() {
    if (controller) controller.abort();
  },
};
