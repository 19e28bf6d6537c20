// Usage and cost: requests, tokens, cost and latency over time per provider, model, key or end user;
// limits and budgets with what is left.
import { api, query } from './api.js';
import { h, clear, fmtUsd, fmtNum, fmtMs, field, errorBox } from './dom.js';
import { lineChart } from './charts.js';

// Each range and its buckets: a minute, an hour, three hours, a day.
const RANGES = { '1h': [3600e3, 60], '24h': [86400e3, 24], '7d': [7 * 86400e3, 56], '30d': [30 * 86400e3, 30] };

export function usage(root) {
  const range = h('select', { id: 'u-range' }, Object.keys(RANGES).map((r) => h('option', { value: r, selected: r === '24h' }, `last ${r}`)));
  const group = h('select', { id: 'u-group' }, [['provider', 'provider'], ['model', 'model'], ['api_key', 'API key'],
    ['user', 'end user']].map(([v, t]) => h('option', { value: v }, t)));
  const summary = h('div', { id: 'usage-summary', class: 'summary' });
  const charts = h('div', { id: 'usage-charts', class: 'charts' });
  const budgets = h('div', { id: 'budgets' });
  root.append(h('h1', {}, 'Usage and cost'),
    h('form', { class: 'filters', id: 'usage-form' }, field('Range', range), field('Per', group)),
    summary, charts, h('h2', {}, 'Limits and budgets'), budgets);
  let plots = [];

  async function load() {
    // Whole buckets since the epoch: the server keeps settled ones, so the next load reads only the newest.
    const [span, buckets] = RANGES[range.value];
    const width = span / buckets;
    const to = Math.ceil((Date.now() + 1) / width) * width;
    const from = to - span;
    plots.forEach((p) => p.destroy());
    plots = [];
    clear(charts);
    try {
      const s = await api('GET', `/v1/admin/console/series${query({ from, to, group_by: group.value, buckets })}`);
      const xs = s.series.length ? s.series[0].requests.map((_, i) => (s.from + i * s.bucket_ms) / 1000) : [];
      const sum = (k) => s.series.reduce((a, g) => a + g[k].reduce((x, y) => x + Number(y), 0), 0);
      clear(summary).append(
        tile('Requests', fmtNum(sum('requests'))), tile('Errors', fmtNum(sum('errors'))),
        tile('Tokens', fmtNum(sum('input_tokens') + sum('output_tokens'))), tile('Cost', fmtUsd(sum('cost_usd'))));
      if (!s.series.length) {
        charts.append(h('p', { class: 'muted' }, 'No requests in this range.'));
      } else {
        const lines = (fn) => s.series.map((g) => ({ label: g.key, values: fn(g) }));
        plots = [
          lineChart('chart-requests', 'Requests', xs, lines((g) => g.requests), fmtNum),
          lineChart('chart-tokens', 'Tokens (in + out)', xs, lines((g) => g.input_tokens.map((v, i) => v + g.output_tokens[i])), fmtNum),
          lineChart('chart-cost', 'Cost (USD)', xs, lines((g) => g.cost_usd.map(Number)), fmtUsd),
          lineChart('chart-p50', 'Latency p50', xs, lines((g) => g.p50_ms), fmtMs, true),
          lineChart('chart-p99', 'Latency p99', xs, lines((g) => g.p99_ms), fmtMs, true),
        ];
        plots.forEach((p) => charts.append(p.el));
      }
      charts.dataset.loaded = String(Date.now());
    } catch (e) {
      charts.append(errorBox(e));
    }
    try {
      const b = await api('GET', '/v1/admin/console/budgets');
      clear(budgets).append(b.data.length ? h('table', { id: 'budget-table', class: 'log' },
        h('thead', {}, h('tr', {}, ['Scope', 'Subject', 'Requests/min', 'Tokens/min', 'Daily budget', 'Spent today',
          'Left today', 'Monthly budget', 'Spent this month', 'Left this month'].map((t) => h('th', {}, t)))),
        h('tbody', {}, b.data.map((r) => h('tr', {},
          h('td', {}, r.limits.scope), h('td', {}, r.limits.subject),
          h('td', { class: 'num' }, fmtNum(r.limits.requests_per_minute)), h('td', { class: 'num' }, fmtNum(r.limits.tokens_per_minute)),
          h('td', { class: 'num' }, fmtUsd(r.limits.daily_budget_usd)), h('td', { class: 'num' }, fmtUsd(r.spent_today_usd)),
          h('td', { class: 'num' }, fmtUsd(r.daily_left_usd)), h('td', { class: 'num' }, fmtUsd(r.limits.monthly_budget_usd)),
          h('td', { class: 'num' }, fmtUsd(r.spent_month_usd)), h('td', { class: 'num' }, fmtUsd(r.monthly_left_usd))))))
        : h('p', { class: 'muted' }, 'No limits set (Keys and configs → Limits).'));
    } catch (e) {
      clear(budgets).append(errorBox(e));
    }
  }

  function tile(label, value) {
    return h('div', { class: 'tile' }, h('span', { class: 'muted' }, label), h('strong', {}, value));
  }

  range.addEventListener('change', load);
  group.addEventListener('change', load);
  load();
  return { stop: () => plots.forEach((p) => p.destroy()) };
}
