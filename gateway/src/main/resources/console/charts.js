// Time-series charts with uPlot (served from its WebJar). One chart per measure, one line per group.
import { h } from './dom.js';

const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#ca8a04', '#db2777', '#4b5563',
  '#65a30d', '#7c3aed'];

/**
 * A chart in a new card: x = bucket start times (seconds), lines = [{label, values}]; sparse: values may be
 * null (no request in the bucket), drawn as points joined across the gaps.
 * @returns {{el: HTMLElement, destroy: function}}
 */
export function lineChart(id, title, xs, lines, format, sparse) {
  const holder = h('div', { class: 'chart', id });
  const card = h('section', { class: 'card chart-card' }, h('h2', {}, title), holder);
  if (!window.uPlot) {
    holder.append(h('p', { class: 'muted' }, 'Charts are unavailable (uPlot did not load).'));
    return { el: card, destroy: () => {} };
  }
  const opts = {
    width: 520,
    height: 220,
    series: [{}].concat(lines.map((l, i) => ({
      label: l.label,
      stroke: COLORS[i % COLORS.length],
      width: 1.5,
      spanGaps: Boolean(sparse),
      ...(sparse ? { points: { show: true, size: 5 } } : {}),
      value: (u, v) => (v === null || v === undefined ? '–' : format(v)),
    }))),
    axes: [{}, { values: (u, vals) => vals.map((v) => format(v)), size: 70 }],
    scales: { x: { time: true } },
    legend: { live: true },
  };
  const plot = new window.uPlot(opts, [xs].concat(lines.map((l) => l.values)), holder);
  return { el: card, destroy: () => plot.destroy() };
}
