// charts.js: the three drawings, in hand-written SVG (no library).
//
// timeline: a dyad's events per period as stacked QuadClass bars, with the
//   mean Goldstein weight as a line of points on a right-hand axis.
// network: who acts on whom, laid out by a deterministic force simulation;
//   edge width = distinct events, edge colour = mean Goldstein weight.
// worldMap: an equirectangular world (x = longitude, y = -latitude) with the
//   places of events as circles sized by events, coloured by Goldstein.

import { svg, goldsteinColor, QUAD_NAMES } from './dom.js';

const QUAD_KEYS = ['verbal_cooperation', 'material_cooperation', 'verbal_conflict', 'material_conflict'];
const QUAD_COLORS = ['#8fcf9b', '#2e8b57', '#f0a35e', '#c0392b'];

function niceCeiling(value) {
  if (value <= 5) return Math.max(1, Math.ceil(value));
  const magnitude = Math.pow(10, Math.floor(Math.log10(value)));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * magnitude >= value) return step * magnitude;
  }
  return 10 * magnitude;
}

/** points: the API's series points; onSelect(point) when a period is clicked. */
export function timeline(points, onSelect) {
  const width = 960;
  const height = 320;
  const m = { left: 46, right: 50, top: 18, bottom: 46 };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const chart = svg('svg', {
    class: 'chart timeline', viewBox: '0 0 ' + width + ' ' + height,
    role: 'img', 'aria-label': 'Events per period by QuadClass, and mean Goldstein weight',
  });
  const n = points.length;
  chart.dataset.points = String(points.filter((p) => p.mean_goldstein !== null).length);
  chart.dataset.periods = String(n);
  if (n === 0) {
    chart.append(svg('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'label' }, 'No dated events for this dyad.'));
    return chart;
  }
  const maxCount = niceCeiling(Math.max(1, ...points.map((p) => p.events)));
  const band = plotW / n;
  const barW = Math.max(1, Math.min(40, band * 0.72));
  const x = (i) => m.left + band * i + band / 2;
  const yCount = (v) => m.top + plotH - (v / maxCount) * plotH;
  const yGold = (g) => m.top + plotH / 2 - (g / 10) * (plotH / 2);

  // Grid and axes.
  const ticks = maxCount <= 4 ? maxCount : 4;
  for (let t = 0; t <= ticks; t++) {
    const value = (maxCount / ticks) * t;
    const y = yCount(value);
    chart.append(svg('line', { class: 'gridline', x1: m.left, x2: width - m.right, y1: y, y2: y }));
    chart.append(svg('text', { x: m.left - 6, y: y + 4, 'text-anchor': 'end' }, Number.isInteger(value) ? value : value.toFixed(1)));
  }
  for (const g of [-10, -5, 0, 5, 10]) {
    chart.append(svg('text', { x: width - m.right + 6, y: yGold(g) + 4 }, (g > 0 ? '+' : '') + g));
  }
  chart.append(svg('line', { class: 'axis', x1: m.left, x2: width - m.right, y1: m.top + plotH, y2: m.top + plotH }));
  chart.append(svg('line', { class: 'axis', x1: m.left, x2: m.left, y1: m.top, y2: m.top + plotH }));
  chart.append(svg('line', { x1: m.left, x2: width - m.right, y1: yGold(0), y2: yGold(0), stroke: '#9aa5b1', 'stroke-dasharray': '3 4' }));
  chart.append(svg('text', { x: 10, y: m.top + plotH / 2, transform: 'rotate(-90 10 ' + (m.top + plotH / 2) + ')', 'text-anchor': 'middle' }, 'events'));
  chart.append(svg('text', { x: width - 8, y: m.top + plotH / 2, transform: 'rotate(90 ' + (width - 8) + ' ' + (m.top + plotH / 2) + ')', 'text-anchor': 'middle' }, 'mean Goldstein'));

  // Stacked bars, cooperation at the bottom.
  points.forEach((p, i) => {
    let base = 0;
    QUAD_KEYS.forEach((key, q) => {
      const count = p[key];
      if (!count) return;
      const y0 = yCount(base);
      const y1 = yCount(base + count);
      base += count;
      const bar = svg('rect', {
        class: 'bar q' + (q + 1), x: x(i) - barW / 2, y: y1, width: barW, height: Math.max(0.5, y0 - y1),
        fill: QUAD_COLORS[q], dataset: { period: p.period },
      }, svg('title', {}, p.period + ': ' + count + ' ' + QUAD_NAMES[q]));
      bar.addEventListener('click', () => onSelect && onSelect(p));
      chart.append(bar);
    });
  });

  // Period labels, thinned to about twelve.
  const every = Math.max(1, Math.ceil(n / 12));
  points.forEach((p, i) => {
    if (i % every !== 0) return;
    chart.append(svg('text', { x: x(i), y: m.top + plotH + 16, 'text-anchor': 'middle' }, p.period));
  });

  // The Goldstein line through periods that have events.
  const withMean = points.map((p, i) => [p, i]).filter(([p]) => p.mean_goldstein !== null);
  if (withMean.length > 1) {
    const d = withMean.map(([p, i], k) => (k ? 'L' : 'M') + x(i).toFixed(1) + ',' + yGold(p.mean_goldstein).toFixed(1)).join(' ');
    chart.append(svg('path', { d, fill: 'none', stroke: '#34495e', 'stroke-width': 1.5, 'stroke-opacity': 0.8 }));
  }
  for (const [p, i] of withMean) {
    const dot = svg('circle', {
      class: 'point', cx: x(i), cy: yGold(p.mean_goldstein), r: 4.5, fill: goldsteinColor(p.mean_goldstein),
      dataset: { period: p.period },
    }, svg('title', {}, p.period + ': ' + p.events + ' events, mean Goldstein ' + p.mean_goldstein.toFixed(2)));
    dot.addEventListener('click', () => onSelect && onSelect(p));
    chart.append(dot);
  }
  return chart;
}

/** A deterministic force layout (Fruchterman-Reingold) inside width x height. */
function layout(nodes, edges, width, height) {
  const n = nodes.length;
  const pos = nodes.map((_, i) => {
    const angle = (2 * Math.PI * i) / Math.max(1, n);
    return { x: width / 2 + Math.cos(angle) * width * 0.32, y: height / 2 + Math.sin(angle) * height * 0.32 };
  });
  if (n < 2) return pos.map(() => ({ x: width / 2, y: height / 2 }));
  const index = new Map(nodes.map((node, i) => [node.code, i]));
  const links = edges.map((e) => [index.get(e.source), index.get(e.target), e.events]).filter(([a, b]) => a !== undefined && b !== undefined);
  const k = Math.sqrt((width * height) / n) * 0.55;
  let temperature = width / 8;
  const iterations = 300;
  for (let step = 0; step < iterations; step++) {
    const disp = pos.map(() => ({ x: 0, y: 0 }));
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let dx = pos[i].x - pos[j].x;
        let dy = pos[i].y - pos[j].y;
        let dist = Math.hypot(dx, dy);
        if (dist < 0.01) { dx = 0.01 * (i - j); dy = 0.01; dist = Math.hypot(dx, dy); }
        const force = (k * k) / dist;
        disp[i].x += (dx / dist) * force; disp[i].y += (dy / dist) * force;
        disp[j].x -= (dx / dist) * force; disp[j].y -= (dy / dist) * force;
      }
    }
    for (const [a, b, weight] of links) {
      const dx = pos[a].x - pos[b].x;
      const dy = pos[a].y - pos[b].y;
      const dist = Math.max(0.01, Math.hypot(dx, dy));
      const force = ((dist * dist) / k) * (1 + Math.log2(1 + weight) * 0.2);
      disp[a].x -= (dx / dist) * force; disp[a].y -= (dy / dist) * force;
      disp[b].x += (dx / dist) * force; disp[b].y += (dy / dist) * force;
    }
    for (let i = 0; i < n; i++) {
      // A weak pull to the centre keeps separate components on screen.
      disp[i].x += (width / 2 - pos[i].x) * 0.3;
      disp[i].y += (height / 2 - pos[i].y) * 0.3;
      const len = Math.max(0.01, Math.hypot(disp[i].x, disp[i].y));
      pos[i].x += (disp[i].x / len) * Math.min(len, temperature);
      pos[i].y += (disp[i].y / len) * Math.min(len, temperature);
      pos[i].x = Math.max(40, Math.min(width - 40, pos[i].x));
      pos[i].y = Math.max(30, Math.min(height - 30, pos[i].y));
    }
    temperature *= 0.985;
  }
  // Stretch the result over the whole drawing, leaving room for labels.
  const xs = pos.map((p) => p.x);
  const ys = pos.map((p) => p.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const fit = (v, lo, hi, from, to) => (hi - lo < 1 ? (from + to) / 2 : from + ((v - lo) / (hi - lo)) * (to - from));
  return pos.map((p) => ({ x: fit(p.x, x0, x1, 70, width - 70), y: fit(p.y, y0, y1, 40, height - 50) }));
}

/** network: the API's {nodes, edges}; onNode(code), onEdge(edge). */
export function network(data, onNode, onEdge) {
  const width = 960;
  const height = 560;
  const chart = svg('svg', { class: 'chart network', viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'aria-label': 'Actor network' });
  chart.dataset.nodes = String(data.nodes.length);
  chart.dataset.edges = String(data.edges.length);
  if (!data.nodes.length) {
    chart.append(svg('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', class: 'label' }, 'No events between two actors match.'));
    return chart;
  }
  const pos = layout(data.nodes, data.edges, width, height);
  const at = new Map(data.nodes.map((node, i) => [node.code, i]));
  const radius = (node) => Math.min(28, 6 + 2.2 * Math.sqrt(node.events));
  const edgeLayer = svg('g', {});
  const nodeLayer = svg('g', {});
  for (const edge of data.edges) {
    const a = at.get(edge.source);
    const b = at.get(edge.target);
    if (a === undefined || b === undefined) continue;
    const p = pos[a];
    const q = pos[b];
    const dx = q.x - p.x;
    const dy = q.y - p.y;
    const len = Math.max(1, Math.hypot(dx, dy));
    // Bend to the right of the direction of travel, so A→B and B→A do not overlap.
    const cx = (p.x + q.x) / 2 - (dy / len) * len * 0.12;
    const cy = (p.y + q.y) / 2 + (dx / len) * len * 0.12;
    const rb = radius(data.nodes[b]) + 3;
    const tx = q.x - cx;
    const ty = q.y - cy;
    const tl = Math.max(1, Math.hypot(tx, ty));
    const ex = q.x - (tx / tl) * rb;
    const ey = q.y - (ty / tl) * rb;
    const colour = goldsteinColor(edge.mean_goldstein);
    const widthPx = Math.min(10, 1 + 1.6 * Math.log2(1 + edge.events));
    const title = edge.source + ' → ' + edge.target + ': ' + edge.events + ' events, mean Goldstein ' + edge.mean_goldstein.toFixed(2);
    const path = svg('path', {
      class: 'edge', d: 'M' + p.x.toFixed(1) + ',' + p.y.toFixed(1) + ' Q' + cx.toFixed(1) + ',' + cy.toFixed(1) + ' ' + ex.toFixed(1) + ',' + ey.toFixed(1),
      stroke: colour, 'stroke-width': widthPx.toFixed(2), 'stroke-opacity': 0.75,
      dataset: { source: edge.source, target: edge.target, events: edge.events },
    }, svg('title', {}, title));
    path.addEventListener('click', () => onEdge && onEdge(edge));
    // Arrowhead at the target's rim.
    const ux = tx / tl;
    const uy = ty / tl;
    const size = 5 + widthPx;
    const head = [
      [ex, ey],
      [ex - ux * size - uy * size * 0.5, ey - uy * size + ux * size * 0.5],
      [ex - ux * size + uy * size * 0.5, ey - uy * size - ux * size * 0.5],
    ].map(([hx, hy]) => hx.toFixed(1) + ',' + hy.toFixed(1)).join(' ');
    edgeLayer.append(path, svg('polygon', { points: head, fill: colour, 'fill-opacity': 0.85 }));
  }
  data.nodes.forEach((node, i) => {
    const r = radius(node);
    const group = svg('g', { class: 'node', dataset: { code: node.code } },
      svg('circle', { cx: pos[i].x, cy: pos[i].y, r, fill: '#5b7da0', stroke: '#fff', 'stroke-width': 2 }),
      svg('text', { class: 'label', x: pos[i].x, y: pos[i].y + r + 13, 'text-anchor': 'middle' }, node.code),
      svg('title', {}, (node.name ? node.name + ' ' : '') + '(' + node.code + '): ' + node.events + ' events'));
    group.addEventListener('click', () => onNode && onNode(node.code));
    nodeLayer.append(group);
  });
  chart.append(edgeLayer, nodeLayer);
  return chart;
}

function ringPath(ring) {
  return ring.map(([lon, lat], i) => (i ? 'L' : 'M') + lon + ',' + -lat).join('') + 'Z';
}

/** worldMap: the GeoJSON land feature and the API's places; onPlace(place). */
export function worldMap(world, places, onPlace) {
  const chart = svg('svg', { class: 'chart map', viewBox: '-180 -90 360 180', role: 'img', 'aria-label': 'Map of event places' });
  chart.dataset.places = String(places.length);
  chart.append(svg('rect', { class: 'ocean', x: -180, y: -90, width: 360, height: 180 }));
  for (let lon = -150; lon <= 150; lon += 30) chart.append(svg('line', { class: 'graticule', x1: lon, x2: lon, y1: -90, y2: 90 }));
  for (let lat = -60; lat <= 60; lat += 30) chart.append(svg('line', { class: 'graticule', x1: -180, x2: 180, y1: -lat, y2: -lat }));
  const polygons = (world && world.geometry && world.geometry.coordinates) || [];
  const d = polygons.map((polygon) => polygon.map(ringPath).join('')).join('');
  chart.append(svg('path', { class: 'land', d, 'fill-rule': 'nonzero' }));
  const maxEvents = Math.max(1, ...places.map((p) => p.events));
  const sorted = [...places].sort((a, b) => b.events - a.events);
  for (const place of sorted.slice().reverse()) {
    const r = Math.min(8, 0.9 + 6 * Math.sqrt(place.events / maxEvents));
    const dot = svg('circle', {
      class: 'place', cx: place.lon, cy: -place.lat, r: r.toFixed(2),
      fill: goldsteinColor(place.mean_goldstein), 'fill-opacity': 0.8,
      dataset: { name: place.name },
    }, svg('title', {}, place.name + (place.country ? ', ' + place.country : '') + ': ' + place.events + ' events, ' +
      place.mentions + ' mentions, mean Goldstein ' + place.mean_goldstein.toFixed(2)));
    dot.addEventListener('click', () => onPlace && onPlace(place));
    chart.append(dot);
  }
  for (const place of sorted.slice(0, 12)) {
    const r = Math.min(8, 0.9 + 6 * Math.sqrt(place.events / maxEvents));
    chart.append(svg('text', { class: 'maplabel', x: place.lon + r + 0.6, y: -place.lat + 1 }, place.name));
  }
  return chart;
}

export { QUAD_COLORS };
