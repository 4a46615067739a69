// views.js: one function per page of the app. Each receives the container
// to fill and the route ({arg, params}); it fetches from the API and builds
// the DOM with el/svg (text only, never markup).

import {
  el, link, route, externalLink, api, table, pager, fmt, snippet, goldsteinColor, QUAD_NAMES,
} from './dom.js';
import { timeline, network as networkChart, worldMap, QUAD_COLORS } from './charts.js';

function navigate(parts, params) {
  location.hash = route(parts, params);
}

function paramsObject(params) {
  const out = {};
  for (const [key, value] of params.entries()) out[key] = value;
  return out;
}

/** A filter form; fields: [name, label, type?, options?]. Submitting navigates to the route with the values. */
function filterForm(routeName, fields, params, extra) {
  const inputs = {};
  const form = el('form', { class: 'filters' });
  for (const [name, label, type, options] of fields) {
    let input;
    if (type === 'select') {
      input = el('select', { name }, options.map(([value, text]) => el('option', { value, selected: params.get(name) === value }, text)));
    } else if (type === 'checkbox') {
      input = el('input', { type: 'checkbox', name, checked: params.get(name) === 'yes' });
      form.append(el('label', { class: 'check' }, input, label));
      inputs[name] = input;
      continue;
    } else {
      input = el('input', { name, type: type || 'text', value: params.get(name) || '', list: name === 'a' || name === 'b' || name === 'actor' || name === 'source' || name === 'target' ? 'actor-codes' : null, size: 10 });
    }
    inputs[name] = input;
    form.append(el('label', {}, label, input));
  }
  form.append(el('button', { type: 'submit' }, 'Apply'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const values = Object.assign({}, extra || {});
    for (const [name, input] of Object.entries(inputs)) {
      values[name] = input.type === 'checkbox' ? (input.checked ? 'yes' : '') : input.value.trim();
    }
    navigate([routeName], values);
  });
  return form;
}

async function actorCodes() {
  const page = await api('actors', { limit: 300 });
  const seen = new Set();
  const list = el('datalist', { id: 'actor-codes' });
  for (const actor of page.items) {
    if (seen.has(actor.code)) continue;
    seen.add(actor.code);
    list.append(el('option', { value: actor.code }, actor.name));
  }
  return list;
}

function eventRows(items) {
  return items.map((e) => [
    link(['event', e.agg_id], null, e.date_value || '—'),
    actorCell(e.source_code, e.source_name),
    actorCell(e.target_code, e.target_name),
    e.cameo, e.plover,
    el('span', {}, el('span', { class: 'swatch sw-q' + e.quad_class }), fmt(e.goldstein, 1)),
    e.num_mentions, e.num_articles,
    e.negated ? el('span', { class: 'badge negated' }, 'negated') : '',
  ]);
}

function actorCell(code, name) {
  if (!code) return el('span', { class: 'muted' }, '—');
  return el('span', {}, link(['actor', code], null, code), name ? el('span', { class: 'muted' }, ' ' + name) : null);
}

function eventTable(items) {
  const headers = ['Date', 'Source', 'Target', 'CAMEO', 'PLOVER', 'Goldstein', 'Mentions', 'Articles', ''];
  const t = table(headers, eventRows(items), {
    numeric: [5, 6, 7],
    onRow: (i) => navigate(['event', items[i].agg_id]),
    rowData: (i) => ({ agg: items[i].agg_id }),
  });
  t.classList.add('events');
  return t;
}

function quadLegend() {
  return el('div', { class: 'legend' },
    QUAD_NAMES.map((name, q) => el('span', {}, el('span', { class: 'swatch sw-q' + (q + 1) }), name)),
    el('span', {}, '●— mean Goldstein (right axis, −10 conflict … +10 cooperation)'));
}

function goldsteinLegend() {
  return el('div', { class: 'legend' }, 'Mean Goldstein:', [-10, -5, 0, 5, 10].map((g) => {
    const sw = el('span', { class: 'swatch' });
    sw.style.background = goldsteinColor(g);
    return el('span', {}, sw, (g > 0 ? '+' : '') + g);
  }));
}

function periodEnd(start, bucket) {
  const date = new Date(start + 'T00:00:00Z');
  if (bucket === 'week') date.setUTCDate(date.getUTCDate() + 6);
  if (bucket === 'month') { date.setUTCMonth(date.getUTCMonth() + 1); date.setUTCDate(0); }
  return date.toISOString().slice(0, 10);
}

// ---------------------------------------------------------------- dashboard

export async function dashboard(view, ctx) {
  const p = ctx.params;
  let a = p.get('a') || '';
  let b = p.get('b') || '';
  const bucket = p.get('bucket') || 'month';
  const directed = p.get('directed') === 'yes';
  if (!a && !b) {
    const top = await api('network', { max_edges: 1 });
    if (top.edges.length) { a = top.edges[0].source; b = top.edges[0].target; }
  }
  const params = new URLSearchParams({ a, b, bucket, directed: directed ? 'yes' : '' });
  view.append(await actorCodes());
  view.append(el('div', { class: 'card' },
    el('h2', {}, 'Dyad'),
    filterForm('dashboard', [
      ['a', 'Actor A (code prefix)'], ['b', 'Actor B (code prefix)'],
      ['bucket', 'Period', 'select', [['month', 'month'], ['week', 'week'], ['day', 'day']]],
      ['directed', 'only A acting on B', 'checkbox'],
    ], params)));
  const series = await api('series', { a, b, bucket, directed: directed ? 'yes' : '' });
  const points = series.points;
  const total = points.reduce((s, x) => s + x.events, 0);
  const sum = (key) => points.reduce((s, x) => s + x[key], 0);
  const withMean = points.filter((x) => x.mean_goldstein !== null);
  const mean = total ? withMean.reduce((s, x) => s + x.mean_goldstein * x.events, 0) / total : null;
  const title = (a || 'anyone') + (directed ? ' → ' : ' ↔ ') + (b || 'anyone');
  const listCard = el('div', { class: 'card', id: 'dyad-events' });
  const chart = timeline(points, (point) => showEvents(point));
  view.append(el('div', { class: 'card' },
    el('h2', { id: 'dyad-title' }, title, el('span', { class: 'muted' }, ' by ' + bucket)),
    el('div', { class: 'summary' },
      el('span', {}, el('b', {}, String(total)), ' events'),
      el('span', {}, el('b', {}, String(sum('verbal_cooperation') + sum('material_cooperation'))), ' cooperation'),
      el('span', {}, el('b', {}, String(sum('verbal_conflict') + sum('material_conflict'))), ' conflict'),
      el('span', {}, el('b', {}, mean === null ? '—' : mean.toFixed(2)), ' mean Goldstein'),
      el('span', {}, el('b', {}, String(points.length)), ' periods')),
    quadLegend(), chart,
    el('p', { class: 'muted' }, 'Distinct events (an event reported by several articles counts once); negated events are left out. Click a bar or point to list its events.')));
  view.append(listCard);

  async function showEvents(point) {
    const range = point ? { from: point.start, to: periodEnd(point.start, bucket) } : {};
    const queries = [];
    if (a && b) {
      queries.push(api('events', Object.assign({ source: a, target: b, limit: 200 }, range)));
      if (!directed) queries.push(api('events', Object.assign({ source: b, target: a, limit: 200 }, range)));
    } else {
      queries.push(api('events', Object.assign({ actor: a || b, limit: 200 }, range)));
    }
    const pages = await Promise.all(queries);
    const items = pages.flatMap((page) => page.items)
      .sort((x, y) => String(y.date_start).localeCompare(String(x.date_start)) || y.agg_id - x.agg_id);
    listCard.replaceChildren(
      el('h3', {}, 'Events' + (point ? ' in ' + point.period : ' of this dyad')),
      items.length ? eventTable(items) : el('p', { class: 'muted' }, 'No events.'));
  }
  await showEvents(null);
}

// ---------------------------------------------------------------- events

const EVENT_FIELDS = [
  ['actor', 'Actor'], ['source', 'Source'], ['target', 'Target'], ['country', 'Country (ISO3)'],
  ['cameo', 'CAMEO'], ['plover', 'PLOVER'], ['from', 'From', 'date'], ['to', 'To', 'date'],
  ['place', 'Place'], ['text', 'Text (full-text)'],
  ['claimant', 'Claimant', 'select', [['', 'any'], ['yes', 'yes'], ['no', 'no']]],
  ['asserted', 'stated by the article', 'checkbox'],
];

export async function events(view, ctx) {
  const p = ctx.params;
  const query = paramsObject(p);
  view.append(await actorCodes());
  view.append(el('div', { class: 'card' }, el('h2', {}, 'Events'), filterForm('events', EVENT_FIELDS, p)));
  const page = await api('events', Object.assign({ limit: 50 }, query));
  view.append(el('div', { class: 'card' },
    el('p', { class: 'muted' }, 'Distinct events; click one for every article that reports it.'),
    page.items.length ? eventTable(page.items) : el('p', { class: 'muted' }, 'No events match.'),
    pager(page, (offset) => navigate(['events'], Object.assign({}, query, { offset })))));
}

export async function eventDetail(view, ctx) {
  const data = await api('events/' + encodeURIComponent(ctx.arg));
  const e = data.event;
  view.append(el('div', { class: 'card', id: 'event-detail', dataset: { agg: e.agg_id } },
    el('h2', {}, 'Event ' + e.agg_id + ': ', e.source_code || '?', ' → ', e.target_code || '?',
      el('span', { class: 'muted' }, ' CAMEO ' + e.cameo + (e.plover ? ' ' + e.plover : ''))),
    el('dl', { class: 'kv' },
      el('dt', {}, 'Source'), el('dd', {}, actorCell(e.source_code, e.source_name)),
      el('dt', {}, 'Target'), el('dd', {}, actorCell(e.target_code, e.target_name)),
      el('dt', {}, 'Date'), el('dd', {}, e.date_value || '—'),
      el('dt', {}, 'Goldstein'), el('dd', {}, fmt(e.goldstein, 1) + ' (QuadClass ' + e.quad_class + ': ' + QUAD_NAMES[e.quad_class - 1] + ')'),
      el('dt', {}, 'Negated'), el('dd', {}, e.negated ? 'yes: the text says it did not happen' : 'no'),
      el('dt', {}, 'Reported'), el('dd', {}, e.num_mentions + ' mentions in ' + e.num_articles + ' articles from ' + e.num_sources + ' outlets (' + e.num_stories + ' stories)'),
      el('dt', {}, 'Dyad'), el('dd', {}, e.source_code && e.target_code ? link(['dashboard'], { a: e.source_code, b: e.target_code }, 'timeline of ' + e.source_code + ' ↔ ' + e.target_code) : '—'))));
  const list = el('ul', { class: 'plain mentions' });
  for (const { mention: m, context: c } of data.mentions) {
    const flags = [];
    if (m.attributed) flags.push(el('span', { class: 'badge claim' }, 'claim' + (m.claimant && m.claimant.code ? ' of ' + m.claimant.code : '')));
    if (m.negated) flags.push(el('span', { class: 'badge negated' }, 'negated'));
    if (m.modality !== 'asserted') flags.push(el('span', { class: 'badge' }, m.modality));
    list.append(el('li', {},
      el('div', {}, link(['article', m.content_hash], { event: m.event_id }, (c && c.title) || m.doc_id),
        el('span', { class: 'muted' }, ' ' + ((c && c.published) || '') + (m.outlet ? ' · ' + m.outlet : '')), flags),
      c ? el('div', { class: 'sentence' }, c.before, el('mark', {}, c.trigger), c.after) : null,
      el('div', { class: 'muted' }, 'bytes ' + m.trigger_start + '–' + m.trigger_end + ' · pattern ' + m.pattern +
        (m.place_name ? ' · place ' + m.place_name : '') + (m.date_value ? ' · date ' + m.date_value + ' (' + m.date_grain + ')' : ''))));
  }
  view.append(el('div', { class: 'card' }, el('h3', {}, 'Mentions (' + data.mentions.length + ')'), list));
}

// ---------------------------------------------------------------- network and map

const SCOPE_FIELDS = [
  ['actor', 'Actor'], ['cameo', 'CAMEO'], ['from', 'From', 'date'], ['to', 'To', 'date'],
];

export async function network(view, ctx) {
  const p = ctx.params;
  const query = paramsObject(p);
  view.append(await actorCodes());
  view.append(el('div', { class: 'card' }, el('h2', {}, 'Actor network'),
    filterForm('network', SCOPE_FIELDS.concat([['min_events', 'Min events', 'number'], ['max_edges', 'Max edges', 'number']]), p)));
  const data = await api('network', query);
  view.append(el('div', { class: 'card' },
    el('p', { class: 'muted' }, data.nodes.length + ' actors, ' + data.edges.length + ' relations. Edge width: distinct events; colour: mean Goldstein. Click an actor or an edge.'),
    goldsteinLegend(),
    networkChart(data, (code) => navigate(['actor', code]), (edge) => navigate(['events'], { source: edge.source, target: edge.target }))));
}

export async function map(view, ctx) {
  const p = ctx.params;
  const query = paramsObject(p);
  view.append(await actorCodes());
  view.append(el('div', { class: 'card' }, el('h2', {}, 'Where events happen'), filterForm('map', SCOPE_FIELDS, p)));
  const [worldResponse, data] = await Promise.all([fetch('/assets/world-110m-land.json'), api('places', query)]);
  const world = await worldResponse.json();
  const places = data.places;
  view.append(el('div', { class: 'two' },
    el('div', { class: 'card' }, goldsteinLegend(),
      worldMap(world, places, (place) => navigate(['events'], { place: place.name })),
      el('p', { class: 'muted' }, 'Circle area: distinct events; colour: mean Goldstein. Land: Natural Earth 1:110m (public domain).')),
    el('div', { class: 'card' }, el('h3', {}, 'Places'),
      table(['Place', 'Country', 'Events', 'Mentions'], places.slice(0, 40).map((pl) => [
        link(['events'], { place: pl.name }, pl.name), pl.country || '', pl.events, pl.mentions,
      ]), { numeric: [2, 3] }))));
}

// ---------------------------------------------------------------- actors and quotes

export async function actors(view, ctx) {
  const p = ctx.params;
  const query = paramsObject(p);
  view.append(el('div', { class: 'card' }, el('h2', {}, 'Actors'),
    filterForm('actors', [['q', 'Name contains'], ['code', 'Code prefix'], ['country', 'Country (ISO3)']], p)));
  const page = await api('actors', Object.assign({ limit: 50 }, query));
  view.append(el('div', { class: 'card' },
    table(['Code', 'Name', 'Kind', 'Country', 'Documents', 'Mentions'], page.items.map((a) => [
      link(['actor', a.code], null, a.code), a.name, a.kind, a.country || a.org || '', a.num_documents, a.num_mentions,
    ]), { numeric: [4, 5], onRow: (i) => navigate(['actor', page.items[i].code]) }),
    pager(page, (offset) => navigate(['actors'], Object.assign({}, query, { offset })))));
}

export async function actorDetail(view, ctx) {
  const data = await api('actors/' + encodeURIComponent(ctx.arg), { partners: 15, quotes: 30 });
  const a = data.actor;
  view.append(el('div', { class: 'card', id: 'actor-detail' },
    el('h2', {}, a.names[0] || a.code, el('span', { class: 'muted' }, ' ' + a.code)),
    el('dl', { class: 'kv' },
      el('dt', {}, 'Also named'), el('dd', {}, a.names.slice(1).join(', ') || '—'),
      el('dt', {}, 'Kind'), el('dd', {}, a.kind + (a.sector ? ' · sector ' + a.sector : '')),
      el('dt', {}, 'Country / org'), el('dd', {}, a.country || a.org || '—'),
      el('dt', {}, 'Named in'), el('dd', {}, a.num_documents + ' documents, ' + a.num_mentions + ' mentions'),
      el('dt', {}, 'As source'), el('dd', {}, link(['events'], { source: a.code }, a.as_source.events + ' events'), ' (' + a.as_source.mentions + ' mentions)'),
      el('dt', {}, 'As target'), el('dd', {}, link(['events'], { target: a.code }, a.as_target.events + ' events'), ' (' + a.as_target.mentions + ' mentions)'),
      el('dt', {}, 'As claimant'), el('dd', {}, a.as_claimant.events + ' events reported on its word'),
      el('dt', {}, 'Quotes'), el('dd', {}, String(a.num_quotes)))));
  view.append(el('div', { class: 'two' },
    el('div', { class: 'card' }, el('h3', {}, 'Top partners'),
      a.partners.length ? table(['Partner', 'Events', 'It acted', 'Acted on it', 'Mean Goldstein', ''], a.partners.map((pt) => [
        actorCell(pt.code, pt.name), pt.events, pt.as_source, pt.as_target, fmt(pt.mean_goldstein, 2),
        link(['dashboard'], { a: a.code, b: pt.code }, 'timeline'),
      ]), { numeric: [1, 2, 3, 4] }) : el('p', { class: 'muted' }, 'No partners.')),
    el('div', { class: 'card' }, el('h3', {}, 'Quotes'),
      data.quotes.length ? el('ul', { class: 'plain' }, data.quotes.map((q) => el('li', {},
        el('div', {}, '“', q.content, '”'),
        el('div', { class: 'muted' }, (q.cue || '') + ' · ' + q.kind + ' · ', link(['article', q.doc_id], { quote: q.idx }, 'article ' + q.doc_id))))) :
        el('p', { class: 'muted' }, 'No quotes.'))));
}

export async function quotes(view, ctx) {
  const p = ctx.params;
  const query = paramsObject(p);
  view.append(await actorCodes());
  view.append(el('div', { class: 'card' }, el('h2', {}, 'Quotes'),
    filterForm('quotes', [['speaker', 'Speaker code'], ['contains', 'Words contain'], ['doc', 'Document id']], p)));
  const page = await api('quotes', Object.assign({ limit: 50 }, query));
  view.append(el('div', { class: 'card' },
    table(['Speaker', 'Kind', 'Cue', 'Words', 'Article'], page.items.map((q) => [
      q.speaker_code ? actorCell(q.speaker_code, q.speaker_name) : (q.speaker_text || '—'), q.kind, q.cue || '',
      q.content, link(['article', q.doc_id], { quote: q.idx }, q.doc_id),
    ])),
    pager(page, (offset) => navigate(['quotes'], Object.assign({}, query, { offset })))));
}

// ---------------------------------------------------------------- articles

export async function articles(view, ctx) {
  const p = ctx.params;
  const query = paramsObject(p);
  view.append(el('div', { class: 'card' }, el('h2', {}, 'Articles'),
    filterForm('articles', [['outlet', 'Outlet'], ['from', 'From', 'date'], ['to', 'To', 'date']], p)));
  const page = await api('articles', Object.assign({ limit: 50 }, query));
  view.append(el('div', { class: 'card' },
    table(['Published', 'Title', 'Outlet', 'Events', 'Quotes'], page.items.map((d) => [
      d.published || '', link(['article', d.content_hash], null, d.title || d.id), d.source_name || '',
      d.error ? el('span', { class: 'badge negated' }, 'failed') : d.num_events, d.num_quotes,
    ]), { numeric: [3, 4], onRow: (i) => navigate(['article', page.items[i].content_hash]) }),
    pager(page, (offset) => navigate(['articles'], Object.assign({}, query, { offset })))));
}

const KINDS = [
  ['mention', 'actor mention'], ['time', 'time'], ['place', 'place'],
  ['quote', 'quoted words'], ['cue', 'quote cue'], ['trigger', 'event trigger'],
];

export async function article(view, ctx) {
  const data = await api('articles/' + encodeURIComponent(ctx.arg));
  const doc = data.document;
  const annotations = data.annotations;
  const text = el('div', { class: 'article-text', id: 'article-text' });
  const panel = el('div', { class: 'card sticky', id: 'annotation-panel' },
    el('p', { class: 'muted' }, 'Click a highlighted span to see its record.'));
  const spansOf = new Map();

  function select(index) {
    text.querySelectorAll('.selected').forEach((node) => node.classList.remove('selected'));
    const a = annotations[index];
    for (const node of spansOf.get(a.id) || []) node.classList.add('selected');
    const links = [];
    if (a.actor_code) links.push(link(['actor', a.actor_code], null, 'actor ' + a.actor_code));
    if (a.event !== null && a.event !== undefined) links.push(link(['event', a.event], null, 'event ' + a.event + ' (every mention)'));
    panel.replaceChildren(
      el('h3', {}, a.kind, a.claim ? el('span', { class: 'badge claim' }, 'claim') : null),
      el('p', {}, '“', a.text, '”'),
      el('p', { class: 'muted' }, a.label),
      el('p', { class: 'muted' }, 'bytes ' + a.start + '–' + a.end),
      links.length ? el('p', {}, links.flatMap((l, i) => (i ? [' · ', l] : [l]))) : null,
      el('pre', { class: 'record' }, JSON.stringify(a.record, null, 2)));
  }

  for (const segment of data.segments) {
    if (!segment.marks.length) {
      text.append(document.createTextNode(segment.text));
      continue;
    }
    const marks = segment.marks.map((i) => annotations[i]);
    const span = el('span', {
      class: 'hl ' + [...new Set(marks.map((a) => 'k-' + a.kind))].join(' ') + (marks.some((a) => a.claim && a.kind === 'trigger') ? ' claim' : ''),
      title: marks.map((a) => a.kind + ': ' + a.label).join('\n'),
      dataset: { ann: marks.map((a) => a.id).join(' ') },
    }, segment.text);
    // The innermost (shortest) annotation is what a click selects.
    const innermost = segment.marks[segment.marks.length - 1];
    span.addEventListener('click', () => select(innermost));
    for (const a of marks) {
      if (!spansOf.has(a.id)) spansOf.set(a.id, []);
      spansOf.get(a.id).push(span);
    }
    text.append(span);
  }

  const legend = el('div', { class: 'legend' }, KINDS.map(([kind, label]) => {
    const box = el('input', { type: 'checkbox', checked: true });
    box.addEventListener('change', () => text.classList.toggle('hide-' + kind, !box.checked));
    return el('label', {}, box, el('span', { class: 'swatch sw-' + kind }), label);
  }), el('span', {}, el('span', { class: 'swatch sw-claim' }), 'dashed: a claim (an event known only through someone\'s words)'));

  const record = doc.record || { events: [], quotes: [], actors: [] };
  const actorCode = (id) => {
    const actor = (record.actors || []).find((x) => x.id === id);
    return actor ? actor.code : '?';
  };
  const aggOf = new Map(data.events.map((x) => [x.event_id, x.agg_id]));
  const eventList = el('ul', { class: 'plain' }, (record.events || []).map((e, i) => el('li', {},
    el('a', { href: '#', onclick: (event) => { event.preventDefault(); const k = annotations.findIndex((a) => a.id === 'trigger-' + i); if (k >= 0) select(k); } }, '“' + e.trigger + '”'),
    ' ', actorCode(e.source), ' → ', actorCode(e.target), ' · CAMEO ' + e.cameo + ' ' + e.plover,
    e.attribution ? el('span', { class: 'badge claim' }, 'claim of ' + actorCode(e.attribution.claimant)) : null,
    e.negated ? el('span', { class: 'badge negated' }, 'negated') : null,
    aggOf.has(e.id) ? [' · ', link(['event', aggOf.get(e.id)], null, 'event ' + aggOf.get(e.id))] : null)));

  view.append(el('div', { class: 'two' },
    el('div', {},
      el('div', { class: 'card', id: 'article' },
        el('h1', { class: 'article-title', id: 'article-title' }, doc.title || '(untitled)'),
        el('p', { class: 'muted' }, [doc.published, doc.source_name].filter(Boolean).join(' · '),
          doc.url ? [' · ', externalLink(doc.url)] : null),
        el('p', { class: 'muted' }, 'id ' + doc.id + ' · sha256 ' + doc.content_hash.slice(0, 12) + '…'),
        data.notes.length ? el('ul', { class: 'notes' }, data.notes.map((n) => el('li', {}, n))) : null,
        legend, text),
      el('div', { class: 'card' }, el('h3', {}, 'Events (' + (record.events || []).length + ')'), eventList)),
    panel));

  const focus = ctx.params.get('event') ? 'trigger-' + ctx.params.get('event').replace(/^e/, '') :
    ctx.params.get('quote') ? 'quote-' + ctx.params.get('quote') : null;
  if (focus) {
    const k = annotations.findIndex((a) => a.id === focus);
    if (k >= 0) {
      select(k);
      const first = (spansOf.get(annotations[k].id) || [])[0];
      // Scrolling needs the view in the document: the router calls this once it is.
      if (first) return () => first.scrollIntoView({ block: 'center' });
    }
  }
  return null;
}

// ---------------------------------------------------------------- search

export async function search(view, ctx) {
  const p = ctx.params;
  const q = p.get('q') || '';
  view.append(el('div', { class: 'card' }, el('h2', {}, 'Full-text search'),
    filterForm('search', [['q', 'Words, "phrases", OR, NOT, prefix*']], p),
    el('p', { class: 'muted' }, 'SQLite FTS5 syntax over titles and bodies; case and accents do not matter.')));
  if (!q) return;
  const page = await api('search', { q, limit: 30, offset: p.get('offset') || '' });
  view.append(el('div', { class: 'card' },
    page.items.length ? el('ul', { class: 'plain', id: 'search-results' }, page.items.map((hit) => el('li', {},
      el('div', {}, link(['article', hit.content_hash], null, hit.title || hit.doc_id),
        el('span', { class: 'muted' }, ' ' + [hit.published, hit.source_name].filter(Boolean).join(' · '))),
      el('div', {}, snippet(hit.snippet))))) : el('p', { class: 'muted' }, 'Nothing found.'),
    pager(page, (offset) => navigate(['search'], { q, offset }))));
}

export { QUAD_COLORS };
