// dom.js: building the page safely, and talking to the API.
//
// Every string from the store (article text, titles, names, URLs) is
// untrusted. It only ever becomes a text node or an attribute value set with
// setAttribute; nothing here parses a string as HTML. Links to other
// origins are made only from http(s) URLs (see externalLink).

const SVG_NS = 'http://www.w3.org/2000/svg';

function setAttributes(node, attrs) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      node.addEventListener(name.slice(2), value);
    } else if (name === 'dataset') {
      for (const [key, data] of Object.entries(value)) node.dataset[key] = String(data);
    } else {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
}

function appendChildren(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** An HTML element: el('a', {href: '#/x', class: 'y'}, 'text', otherNode). */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  setAttributes(node, attrs);
  appendChildren(node, children);
  return node;
}

/** An SVG element, same calling convention as el. */
export function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  setAttributes(node, attrs);
  appendChildren(node, children);
  return node;
}

/** A link inside the page: route parts are URI-encoded, params become a query. */
export function route(parts, params) {
  const path = parts.map((part) => encodeURIComponent(String(part))).join('/');
  const query = params ? new URLSearchParams(clean(params)).toString() : '';
  return '#/' + path + (query ? '?' + query : '');
}

export function link(parts, params, ...children) {
  return el('a', { href: route(parts, params) }, ...children);
}

/** A link to another site, only for http(s) URLs; anything else stays text. */
export function externalLink(url, text) {
  if (typeof url === 'string' && /^https?:\/\//i.test(url)) {
    return el('a', { href: url, rel: 'noopener noreferrer nofollow', target: '_blank' }, text || url);
  }
  return el('span', {}, text || url || '');
}

/** Drops empty values from a params object. */
export function clean(params) {
  const out = {};
  for (const [key, value] of Object.entries(params || {})) {
    if (value === null || value === undefined || value === '' || value === false) continue;
    out[key] = String(value);
  }
  return out;
}

/** GET /api/<path>?<params>; resolves to the JSON body, rejects with the API's message. */
export async function api(path, params) {
  const query = new URLSearchParams(clean(params)).toString();
  const response = await fetch('/api/' + path + (query ? '?' + query : ''), {
    headers: { Accept: 'application/json' },
  });
  let body = null;
  try {
    body = await response.json();
  } catch (_) {
    body = null;
  }
  if (!response.ok) {
    const message = body && body.error ? body.error.message : response.statusText;
    throw new Error(message + ' (HTTP ' + response.status + ')');
  }
  return body;
}

/** Goldstein weight (-10..10) to a colour: red for conflict, grey at 0, green for cooperation. */
export function goldsteinColor(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return '#9aa5b1';
  const t = Math.max(-1, Math.min(1, value / 10));
  const grey = [158, 158, 158];
  const end = t < 0 ? [192, 57, 43] : [46, 139, 87];
  const k = Math.abs(t);
  const mix = grey.map((g, i) => Math.round(g + (end[i] - g) * k));
  return 'rgb(' + mix.join(',') + ')';
}

export function fmt(value, digits) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' && digits !== undefined) return value.toFixed(digits);
  return String(value);
}

/** A table; rows are arrays of cells (strings or nodes); onRow(index) makes rows clickable. */
export function table(headers, rows, options) {
  const opts = options || {};
  const head = el('tr', {}, headers.map((h, i) => el('th', { class: (opts.numeric || []).includes(i) ? 'num' : null }, h)));
  const body = rows.map((cells, index) => {
    const tr = el('tr', { class: opts.onRow ? 'clickable' : null },
      cells.map((cell, i) => el('td', { class: (opts.numeric || []).includes(i) ? 'num' : null }, cell)));
    if (opts.rowData) setAttributes(tr, { dataset: opts.rowData(index) });
    if (opts.onRow) tr.addEventListener('click', (event) => {
      if (event.target.closest('a')) return;
      opts.onRow(index);
    });
    return tr;
  });
  return el('table', { class: 'grid' }, el('thead', {}, head), el('tbody', {}, body));
}

/** Previous/next buttons for a page of the API. */
export function pager(page, go) {
  const from = page.items.length ? page.offset + 1 : 0;
  const to = page.offset + page.items.length;
  const total = page.total === null || page.total === undefined ? '' : ' of ' + page.total;
  return el('div', { class: 'pager' },
    el('button', { class: 'secondary', disabled: page.offset === 0, onclick: () => go(Math.max(0, page.offset - page.limit)) }, '← Previous'),
    el('span', { class: 'muted' }, from + '–' + to + total),
    el('button', { class: 'secondary', disabled: !page.has_more, onclick: () => go(page.offset + page.limit) }, 'Next →'));
}

/** Renders "words [match] words" snippets with <mark>, as text nodes. */
export function snippet(text) {
  const out = el('span', { class: 'snippet' });
  const parts = String(text).split(/(\[[^\]]*\])/);
  for (const part of parts) {
    if (part.startsWith('[') && part.endsWith(']')) out.append(el('mark', {}, part.slice(1, -1)));
    else if (part) out.append(document.createTextNode(part));
  }
  return out;
}

export const QUAD_NAMES = ['verbal cooperation', 'material cooperation', 'verbal conflict', 'material conflict'];
