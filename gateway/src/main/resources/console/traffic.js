// Traffic: the request log as a live, filterable table, paged by cursor; a row opens its trace.
import { api, query } from './api.js';
import { h, clear, fmtTime, fmtMs, fmtUsd, fmtNum, field, errorBox } from './dom.js';

const LIVE_MS = 5000;

function statusClass(status) {
  return `status s${String(status).charAt(0)}xx`;
}

function localInputToMs(v) {
  return v ? String(new Date(v).getTime()) : '';
}

export function traffic(root) {
  const input = (id, placeholder) => h('input', { id, name: id, placeholder, autocomplete: 'off' });
  const f = {
    provider: input('f-provider', 'openai'),
    model: input('f-model', 'gpt-4o-mini'),
    status_class: h('select', { id: 'f-status' }, h('option', { value: '' }, 'any'),
      ['2xx', '4xx', '5xx', '1xx', '3xx'].map((c) => h('option', { value: c }, c))),
    api_key_id: input('f-key', 'API key id'),
    metadata_key: input('f-meta-key', '_user'),
    metadata_value: input('f-meta-value', 'value'),
    from: h('input', { id: 'f-from', type: 'datetime-local', step: '1' }),
    to: h('input', { id: 'f-to', type: 'datetime-local', step: '1' }),
  };
  const live = h('input', { id: 'f-live', type: 'checkbox', checked: true });
  const form = h('form', { id: 'traffic-filter', class: 'filters' },
    field('Provider', f.provider), field('Model', f.model), field('Status', f.status_class),
    field('API key', f.api_key_id), field('Metadata key', f.metadata_key), field('Metadata value', f.metadata_value),
    field('From', f.from), field('To', f.to),
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'f-apply' }, 'Filter'),
      h('button', { type: 'reset', id: 'f-reset', class: 'secondary' }, 'Clear'),
      h('label', { class: 'inline' }, live, ' Live')));
  const status = h('p', { id: 'traffic-status', class: 'muted' });
  const tbody = h('tbody', { id: 'traffic-rows' });
  const table = h('table', { id: 'traffic-table', class: 'log' },
    h('thead', {}, h('tr', {}, ['Time', 'Provider', 'Model', 'Status', 'Tokens in/out', 'Cost', 'TTFB', 'Total',
      'Cache', 'Key', 'Metadata'].map((t) => h('th', {}, t)))), tbody);
  const newer = h('button', { type: 'button', id: 'page-newer', class: 'secondary', disabled: true }, '← Newer');
  const older = h('button', { type: 'button', id: 'page-older', class: 'secondary', disabled: true }, 'Older →');
  const trace = h('aside', { id: 'trace', class: 'trace', hidden: true });
  root.append(h('h1', {}, 'Traffic'), form, status, h('div', { class: 'split' },
    h('div', { class: 'grow' }, table, h('div', { class: 'pager' }, newer, older)), trace));

  let cursors = [null]; // the cursor of each page shown so far; the last is the current page's
  let nextCursor = null;
  let timer = null;
  let selected = null;

  function params() {
    const p = {};
    for (const [k, el] of Object.entries(f)) p[k] = el.value.trim();
    p.from = localInputToMs(f.from.value);
    p.to = localInputToMs(f.to.value);
    if (!p.metadata_key) p.metadata_value = '';
    return p;
  }

  async function load() {
    const p = params();
    p.before = cursors[cursors.length - 1];
    p.limit = 50;
    try {
      const page = await api('GET', `/v1/admin/console/requests${query(p)}`);
      nextCursor = page.next_cursor || null;
      clear(tbody);
      for (const e of page.data) tbody.append(row(e));
      if (page.data.length === 0) tbody.append(h('tr', {}, h('td', { colspan: 11, class: 'muted' }, 'No requests match.')));
      status.textContent = `${page.data.length} request${page.data.length === 1 ? '' : 's'} on this page` +
        (cursors.length > 1 ? ` (page ${cursors.length})` : '') + (live.checked && cursors.length === 1 ? ' · live' : '');
      status.dataset.loaded = String(Date.now());
      newer.disabled = cursors.length <= 1;
      older.disabled = !nextCursor;
    } catch (e) {
      clear(tbody);
      status.textContent = '';
      tbody.append(h('tr', {}, h('td', { colspan: 11 }, errorBox(e))));
    }
  }

  function row(e) {
    const meta = Object.entries(e.metadata || {}).map(([k, v]) => `${k}=${v}`).join(' ');
    const tr = h('tr', { class: `clickable${selected === e.id ? ' selected' : ''}`, 'data-id': e.id, tabindex: 0 },
      h('td', { class: 'nowrap' }, fmtTime(e.created_at)),
      h('td', {}, e.provider), h('td', {}, e.model || ''),
      h('td', {}, h('span', { class: statusClass(e.status) }, e.status)),
      h('td', { class: 'num' }, e.prompt_tokens === undefined ? '' : `${fmtNum(e.prompt_tokens)} / ${fmtNum(e.completion_tokens)}`),
      h('td', { class: 'num' }, fmtUsd(e.cost_usd)), h('td', { class: 'num' }, fmtMs(e.first_byte_ms)),
      h('td', { class: 'num' }, fmtMs(e.total_ms)), h('td', {}, e.cache_status || ''), h('td', {}, e.api_key_id || ''),
      h('td', { class: 'meta' }, meta));
    const open = () => openTrace(e.id, tr);
    tr.addEventListener('click', open);
    tr.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') open(); });
    return tr;
  }

  async function openTrace(id, tr) {
    selected = id;
    for (const r of tbody.querySelectorAll('tr.selected')) r.classList.remove('selected');
    if (tr) tr.classList.add('selected');
    trace.hidden = false;
    clear(trace).append(h('p', { class: 'muted' }, 'Loading…'));
    try {
      showTrace(await api('GET', `/v1/admin/console/requests/${encodeURIComponent(id)}`));
    } catch (e) {
      clear(trace).append(errorBox(e));
    }
  }

  function showTrace(t) {
    const e = t.entry;
    const dl = h('dl', { class: 'facts' });
    const fact = (k, v) => { if (v !== null && v !== undefined && v !== '') dl.append(h('dt', {}, k), h('dd', {}, v)); };
    fact('Request', e.id);
    fact('Trace id', e.trace_id);
    fact('Time', fmtTime(e.created_at));
    fact('Status', h('span', { class: statusClass(e.status) }, e.status));
    fact('Provider', e.provider);
    fact('Model', e.model);
    fact('Stream', e.stream ? 'yes' : 'no');
    fact('Attempts', String(t.attempts));
    fact('Retries', String(e.retries));
    fact('Answering target', e.target_path ? `${e.target_path}${t.fallback ? ' (fallback)' : ''}` : '');
    fact('Cache', e.cache_status);
    fact('Tokens', e.prompt_tokens === undefined ? '' : `${fmtNum(e.prompt_tokens)} in / ${fmtNum(e.completion_tokens)} out`);
    fact('Cost', fmtUsd(e.cost_usd));
    fact('Time to first byte', fmtMs(e.first_byte_ms));
    fact('Total', fmtMs(e.total_ms));
    fact('API key', e.api_key_id);
    fact('Span', [e.span_name, e.span_id, e.parent_span_id && `parent ${e.parent_span_id}`].filter(Boolean).join(' · '));
    const meta = Object.entries(e.metadata || {});
    const parts = [h('div', { class: 'trace-head' }, h('h2', {}, 'Trace'),
      h('button', { type: 'button', id: 'trace-close', class: 'secondary', onclick: () => { trace.hidden = true; selected = null; } }, '×')), dl];
    if (e.error) parts.push(h('h3', {}, 'Error'), h('p', { id: 'trace-error', class: 'error' }, e.error));
    if (meta.length) {
      parts.push(h('h3', {}, 'Metadata'), h('table', { class: 'kv' }, meta.map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, v)))));
    }
    if (e.request_body !== undefined || e.response_body !== undefined) {
      parts.push(h('h3', {}, 'Request body'), h('pre', { id: 'trace-request-body', class: 'body' }, pretty(e.request_body)));
      parts.push(h('h3', {}, 'Response body'), h('pre', { id: 'trace-response-body', class: 'body' }, pretty(e.response_body)));
      if (e.bodies_truncated) parts.push(h('p', { class: 'muted' }, 'Cut at 64 KiB.'));
    } else {
      parts.push(h('p', { class: 'muted' }, 'Bodies are not kept (start the gateway with JETWAY_LOG_BODIES=true to keep them).'));
    }
    if (t.related.length) {
      parts.push(h('h3', {}, `Same trace id (${t.related.length})`), h('ul', { class: 'related' },
        t.related.map((r) => h('li', {}, h('a', { href: '#traffic', onclick: (ev) => { ev.preventDefault(); openTrace(r.id, null); } },
          `${fmtTime(r.created_at)} ${r.provider} ${r.model || ''} → ${r.status}`)))));
    }
    clear(trace).append(...parts);
  }

  function pretty(body) {
    if (body === undefined || body === null) return '(none)';
    try {
      return JSON.stringify(JSON.parse(body), null, 2);
    } catch (e) {
      return body;
    }
  }

  form.addEventListener('submit', (ev) => { ev.preventDefault(); cursors = [null]; load(); });
  form.addEventListener('reset', () => setTimeout(() => { cursors = [null]; load(); }, 0));
  older.addEventListener('click', () => { if (nextCursor) { cursors.push(nextCursor); load(); } });
  newer.addEventListener('click', () => { if (cursors.length > 1) { cursors.pop(); load(); } });
  live.addEventListener('change', load);
  timer = setInterval(() => { if (live.checked && cursors.length === 1 && !document.hidden) load(); }, LIVE_MS);
  load();
  return { stop: () => clearInterval(timer) };
}
