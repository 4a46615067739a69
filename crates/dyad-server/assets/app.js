// app.js: the page's entry point: a hash router (#/name/arg?params) over the
// views, the navigation highlight and the store's totals.
//
// The view container carries data-state (loading, ready, error) and
// data-route, so tests and scripts can wait for a page to be drawn.

import { el, api } from './dom.js';
import * as views from './views.js';

const ROUTES = {
  '': views.dashboard,
  dashboard: views.dashboard,
  events: views.events,
  event: views.eventDetail,
  network: views.network,
  map: views.map,
  actors: views.actors,
  actor: views.actorDetail,
  quotes: views.quotes,
  articles: views.articles,
  article: views.article,
  search: views.search,
};

// Which navigation entry a route belongs to.
const NAV_OF = { '': 'dashboard', event: 'events', actor: 'actors', article: 'articles' };

function parseHash() {
  const hash = location.hash.replace(/^#\/?/, '');
  const cut = hash.indexOf('?');
  const path = cut < 0 ? hash : hash.slice(0, cut);
  const query = cut < 0 ? '' : hash.slice(cut + 1);
  const parts = path.split('/').filter((part) => part !== '').map((part) => {
    try {
      return decodeURIComponent(part);
    } catch (_) {
      return part;
    }
  });
  return { name: parts[0] || '', arg: parts.slice(1).join('/'), params: new URLSearchParams(query) };
}

let generation = 0;

async function render() {
  const view = document.getElementById('view');
  const current = ++generation;
  const { name, arg, params } = parseHash();
  const show = ROUTES[name];
  const nav = NAV_OF[name] !== undefined ? NAV_OF[name] : name;
  document.querySelectorAll('#nav a').forEach((a) => a.classList.toggle('active', a.dataset.route === nav));
  const target = el('div', {});
  view.dataset.state = 'loading';
  view.dataset.route = name || 'dashboard';
  view.replaceChildren(el('p', { class: 'muted' }, 'Loading…'));
  try {
    if (!show) throw new Error('No page ' + JSON.stringify(name) + '.');
    const after = await show(target, { arg, params });
    if (current !== generation) return;
    view.replaceChildren(target);
    if (typeof after === 'function') after();
    view.dataset.state = 'ready';
  } catch (error) {
    if (current !== generation) return;
    view.replaceChildren(target, el('p', { class: 'error' }, String(error.message || error)));
    view.dataset.state = 'error';
  }
}

async function showStats() {
  try {
    const s = await api('stats');
    document.getElementById('stats').textContent =
      s.documents + ' articles · ' + s.aggregated_events + ' events · ' + s.events + ' mentions · ' + s.stories + ' stories';
  } catch (_) {
    // The totals are a nicety; the views report errors themselves.
  }
}

window.addEventListener('hashchange', render);
render();
showStats();
