// Keys and configs: virtual keys (secrets write-only), stored configs (a JSON editor that shows the
// server's validation errors at their path), gateway API keys (shown once, at creation), limits.
import { api } from './api.js';
import { h, clear, fmtTime, fmtUsd, fmtNum, field, errorBox } from './dom.js';

const PROVIDERS = ['openai', 'anthropic', 'azure-openai', 'bedrock', 'vertex-ai', 'google', 'cohere', 'mistral-ai',
  'groq', 'together-ai', 'fireworks-ai', 'deepseek', 'openrouter', 'ollama'];

export function keys(root) {
  const vk = h('section', { id: 'virtual-keys', class: 'card' });
  const cfg = h('section', { id: 'configs', class: 'card' });
  const ak = h('section', { id: 'api-keys', class: 'card' });
  const lim = h('section', { id: 'limits', class: 'card' });
  root.append(h('h1', {}, 'Keys and configs'), vk, cfg, ak, lim);
  virtualKeys(vk);
  configs(cfg);
  apiKeys(ak);
  limits(lim);
  return { stop: () => {} };
}

// ------------------------------------------------------------------ virtual keys

function virtualKeys(root) {
  const list = h('tbody', { id: 'vk-rows' });
  const id = h('input', { id: 'vk-id', required: true, pattern: '[A-Za-z0-9][A-Za-z0-9._-]{0,127}', placeholder: 'openai-prod' });
  const provider = h('input', { id: 'vk-provider', required: true, list: 'vk-providers', placeholder: 'openai' });
  const apiKey = h('input', { id: 'vk-api-key', type: 'password', autocomplete: 'new-password', placeholder: 'write-only' });
  const host = h('input', { id: 'vk-custom-host', placeholder: 'https://… (optional)' });
  const message = h('div', { id: 'vk-message' });
  const submit = h('button', { type: 'submit', id: 'vk-save' }, 'Create');
  const cancel = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Cancel edit');
  let editing = null;
  const form = h('form', { id: 'vk-form', class: 'filters' },
    field('Id', id), field('Provider', provider), field('API key', apiKey), field('Custom host', host),
    h('div', { class: 'actions' }, submit, cancel),
    h('datalist', { id: 'vk-providers' }, PROVIDERS.map((p) => h('option', { value: p }))));
  root.append(h('h2', {}, 'Virtual keys'),
    h('p', { class: 'muted' }, 'A provider and its credentials under an id; callers send x-portkey-virtual-key. Secrets are write-only: they are never shown again.'),
    h('table', { class: 'log' }, h('thead', {}, h('tr', {}, ['Id', 'Provider', 'Custom host', 'Secrets', 'Updated', ''].map((t) => h('th', {}, t)))), list),
    h('h3', {}, 'Create or edit'), form, message);

  function resetForm() {
    editing = null;
    form.reset();
    id.disabled = false;
    submit.textContent = 'Create';
    cancel.hidden = true;
    apiKey.placeholder = 'write-only';
  }

  async function load() {
    try {
      const r = await api('GET', '/v1/admin/virtual-keys');
      clear(list).append(...r.data.map((k) => h('tr', { 'data-id': k.id },
        h('td', {}, k.id), h('td', {}, k.provider), h('td', {}, k.custom_host || ''),
        h('td', {}, k.secrets.length ? k.secrets.map((s) => (s === 'api_key' && k.api_key_last4 ? `api_key …${k.api_key_last4}` : s)).join(', ') : 'none'),
        h('td', {}, fmtTime(k.updated_at * 1000)),
        h('td', { class: 'row-actions' },
          h('button', { type: 'button', class: 'secondary', onclick: () => edit(k) }, 'Edit'),
          h('button', { type: 'button', class: 'danger', onclick: () => remove(k.id) }, 'Delete')))));
      if (!r.data.length) list.append(h('tr', {}, h('td', { colspan: 6, class: 'muted' }, 'No virtual keys yet.')));
    } catch (e) {
      clear(list).append(h('tr', {}, h('td', { colspan: 6 }, errorBox(e))));
    }
  }

  function edit(k) {
    editing = k.id;
    id.value = k.id;
    id.disabled = true;
    provider.value = k.provider;
    host.value = k.custom_host || '';
    apiKey.value = '';
    apiKey.placeholder = k.secrets.includes('api_key') ? 'set: leave empty to keep it' : 'write-only';
    submit.textContent = 'Save';
    cancel.hidden = false;
  }

  async function remove(kid) {
    if (!window.confirm(`Delete the virtual key ${kid}?`)) return;
    try {
      await api('DELETE', `/v1/admin/virtual-keys/${encodeURIComponent(kid)}`);
      clear(message).append(h('p', { class: 'ok' }, `Deleted ${kid}.`));
      load();
    } catch (e) {
      clear(message).append(errorBox(e));
    }
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = { provider: provider.value.trim() };
    if (apiKey.value) body.api_key = apiKey.value;
    if (host.value.trim()) body.custom_host = host.value.trim();
    else if (editing) body.custom_host = '';
    try {
      if (editing) {
        await api('PATCH', `/v1/admin/virtual-keys/${encodeURIComponent(editing)}`, body);
      } else {
        body.id = id.value.trim();
        await api('POST', '/v1/admin/virtual-keys', body);
      }
      clear(message).append(h('p', { class: 'ok', id: 'vk-ok' }, `Saved ${editing || body.id}.`));
      resetForm();
      load();
    } catch (e) {
      clear(message).append(errorBox(e));
    } finally {
      apiKey.value = '';
    }
  });
  cancel.addEventListener('click', resetForm);
  load();
}

// ----------------------------------------------------------------------- configs

/** Each JSON value's line in JSON.stringify(value, null, 2), by the server's path (config.targets[1].weight). */
export function lineOfPaths(value) {
  const lines = new Map([['config', 1]]);
  let line = 1;
  (function walk(v, path) {
    if (v === null || typeof v !== 'object') return;
    const entries = Array.isArray(v) ? v.map((x, i) => [`${path}[${i}]`, x])
      : Object.entries(v).map(([k, x]) => [`${path}.${k}`, x]);
    if (!entries.length) return;
    for (const [p, x] of entries) {
      line += 1;
      lines.set(p, line);
      walk(x, p);
    }
    line += 1; // the closing bracket
  })(value, 'config');
  return lines;
}

/** The problems of the server's message, each with its path (the longest known path that starts it). */
function problemsOf(err, lines) {
  let text = err.message.replace(/^Invalid config:\s*/, '').replace(/\.$/, '');
  const out = [];
  for (const p of text.split('; ')) {
    const m = p.match(/^(config[^\s']*)/);
    let path = m ? m[1] : err.error.param;
    while (path && !lines.has(path) && /[.[]/.test(path)) path = path.replace(/(\.[^.[]*|\[\d+\])$/, '');
    out.push({ path: m ? m[1] : (err.error.param || ''), line: lines.get(path), message: m ? p.slice(m[1].length).trim() : p });
  }
  return out;
}

function configs(root) {
  const list = h('tbody', { id: 'cfg-rows' });
  const id = h('input', { id: 'cfg-id', required: true, pattern: '[A-Za-z0-9][A-Za-z0-9._-]{0,127}', placeholder: 'fallback-prod' });
  const editor = h('textarea', { id: 'cfg-json', rows: 14, spellcheck: 'false', class: 'code' });
  const gutter = h('pre', { id: 'cfg-gutter', class: 'gutter', 'aria-hidden': 'true' });
  const problems = h('ul', { id: 'cfg-problems', class: 'problems' });
  const message = h('div', { id: 'cfg-message' });
  let existing = new Set();
  editor.value = JSON.stringify({ strategy: { mode: 'fallback' }, targets: [{ virtual_key: 'openai-prod' }, { virtual_key: 'anthropic-prod' }] }, null, 2);
  const form = h('form', { id: 'cfg-form' }, h('div', { class: 'filters' }, field('Id', id)),
    h('div', { class: 'editor' }, gutter, editor), problems,
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'cfg-save' }, 'Save'),
      h('button', { type: 'button', class: 'secondary', onclick: () => format() }, 'Format')));
  root.append(h('h2', {}, 'Stored configs'),
    h('p', { class: 'muted' }, 'Callers send x-portkey-config: <id>. The server checks a config when it is saved; its errors appear here at their path.'),
    h('table', { class: 'log' }, h('thead', {}, h('tr', {}, ['Id', 'Updated', ''].map((t) => h('th', {}, t)))), list),
    h('h3', {}, 'Editor'), form, message);

  function numberLines(marked) {
    const n = editor.value.split('\n').length;
    clear(gutter);
    for (let i = 1; i <= n; i++) gutter.append(h('span', { class: marked && marked.has(i) ? 'bad' : '' }, String(i)), '\n');
  }

  function format() {
    try {
      editor.value = JSON.stringify(JSON.parse(editor.value), null, 2);
      numberLines();
      return true;
    } catch (e) {
      clear(problems).append(h('li', {}, `Not valid JSON: ${e.message}`));
      return false;
    }
  }

  async function load() {
    try {
      const r = await api('GET', '/v1/admin/configs');
      existing = new Set(r.data.map((c) => c.id));
      clear(list).append(...r.data.map((c) => h('tr', { 'data-id': c.id }, h('td', {}, c.id), h('td', {}, fmtTime(c.updated_at * 1000)),
        h('td', { class: 'row-actions' },
          h('button', { type: 'button', class: 'secondary', onclick: () => { id.value = c.id; editor.value = JSON.stringify(c.config, null, 2); numberLines(); clear(problems); } }, 'Edit'),
          h('button', { type: 'button', class: 'danger', onclick: () => remove(c.id) }, 'Delete')))));
      if (!r.data.length) list.append(h('tr', {}, h('td', { colspan: 3, class: 'muted' }, 'No stored configs yet.')));
    } catch (e) {
      clear(list).append(h('tr', {}, h('td', { colspan: 3 }, errorBox(e))));
    }
  }

  async function remove(cid) {
    if (!window.confirm(`Delete the config ${cid}?`)) return;
    try {
      await api('DELETE', `/v1/admin/configs/${encodeURIComponent(cid)}`);
      load();
    } catch (e) {
      clear(message).append(errorBox(e));
    }
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clear(problems);
    clear(message);
    if (!format()) return;
    const config = JSON.parse(editor.value);
    const cid = id.value.trim();
    try {
      if (existing.has(cid)) await api('PUT', `/v1/admin/configs/${encodeURIComponent(cid)}`, { config });
      else await api('POST', '/v1/admin/configs', { id: cid, config });
      message.append(h('p', { class: 'ok', id: 'cfg-ok' }, `Saved ${cid}.`));
      numberLines();
      load();
    } catch (e) {
      const lines = lineOfPaths(config);
      const found = problemsOf(e, lines);
      numberLines(new Set(found.map((p) => p.line).filter(Boolean)));
      problems.append(...found.map((p) => h('li', { class: 'error' },
        p.line ? h('span', { class: 'where' }, `line ${p.line}`) : '', p.path ? h('code', {}, p.path) : '', ' ', p.message)));
    }
  });
  editor.addEventListener('input', () => numberLines());
  numberLines();
  load();
}

// --------------------------------------------------------------------- API keys

function apiKeys(root) {
  const list = h('tbody', { id: 'ak-rows' });
  const name = h('input', { id: 'ak-name', required: true, placeholder: 'team-a' });
  const once = h('div', { id: 'ak-once' });
  const form = h('form', { id: 'ak-form', class: 'filters' }, field('Name', name),
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'ak-create' }, 'Create')));
  root.append(h('h2', {}, 'Gateway API keys'),
    h('p', { class: 'muted' }, 'Keys callers present to the gateway (Authorization: Bearer jw-…). A key is shown once, when it is created.'),
    h('table', { class: 'log' }, h('thead', {}, h('tr', {}, ['Id', 'Name', 'Key', 'Created', ''].map((t) => h('th', {}, t)))), list),
    form, once);

  async function load() {
    try {
      const r = await api('GET', '/v1/admin/api-keys');
      clear(list).append(...r.data.map((k) => h('tr', { 'data-id': k.id }, h('td', {}, k.id), h('td', {}, k.name),
        h('td', {}, k.key_last4 ? `jw-…${k.key_last4}` : ''), h('td', {}, fmtTime(k.created_at * 1000)),
        h('td', { class: 'row-actions' }, h('button', { type: 'button', class: 'danger', onclick: () => remove(k.id) }, 'Delete')))));
      if (!r.data.length) list.append(h('tr', {}, h('td', { colspan: 5, class: 'muted' }, 'No gateway API keys yet.')));
    } catch (e) {
      clear(list).append(h('tr', {}, h('td', { colspan: 5 }, errorBox(e))));
    }
  }

  async function remove(kid) {
    if (!window.confirm(`Delete the API key ${kid}? Callers using it are refused at once.`)) return;
    try {
      await api('DELETE', `/v1/admin/api-keys/${encodeURIComponent(kid)}`);
      load();
    } catch (e) {
      clear(once).append(errorBox(e));
    }
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      const k = await api('POST', '/v1/admin/api-keys', { name: name.value.trim() });
      const keyField = h('input', { id: 'ak-secret', readonly: true, value: k.key, class: 'code wide' });
      clear(once).append(h('div', { class: 'once' }, h('strong', {}, 'Copy this key now: it will not be shown again.'),
        keyField, h('button', { type: 'button', class: 'secondary', onclick: () => { keyField.select(); navigator.clipboard && navigator.clipboard.writeText(keyField.value); } }, 'Copy'),
        h('button', { type: 'button', id: 'ak-done', onclick: () => clear(once) }, 'Done')));
      name.value = '';
      load();
    } catch (e) {
      clear(once).append(errorBox(e));
    }
  });
  load();
}

// ------------------------------------------------------------------------- limits

function limits(root) {
  const list = h('tbody', { id: 'lim-rows' });
  const scope = h('select', { id: 'lim-scope' }, ['api_key', 'virtual_key', 'user'].map((s) => h('option', { value: s }, s)));
  const subject = h('input', { id: 'lim-subject', required: true, placeholder: 'key id, or user (* for every user)' });
  const num = (id, step) => h('input', { id, type: 'number', min: 0, step });
  const rpm = num('lim-rpm', 1);
  const tpm = num('lim-tpm', 1);
  const daily = num('lim-daily', 'any');
  const monthly = num('lim-monthly', 'any');
  const message = h('div', { id: 'lim-message' });
  const form = h('form', { id: 'lim-form', class: 'filters' }, field('Scope', scope), field('Subject', subject),
    field('Requests/min', rpm), field('Tokens/min', tpm), field('Daily budget (USD)', daily), field('Monthly budget (USD)', monthly),
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'lim-save' }, 'Set')));
  root.append(h('h2', {}, 'Limits'),
    h('p', { class: 'muted' }, 'Rate limits and budgets per gateway API key, virtual key or end user (_user of x-portkey-metadata). Empty: no limit.'),
    h('table', { class: 'log' }, h('thead', {}, h('tr', {}, ['Scope', 'Subject', 'Requests/min', 'Tokens/min', 'Daily', 'Monthly', ''].map((t) => h('th', {}, t)))), list),
    form, message);

  async function load() {
    try {
      const r = await api('GET', '/v1/admin/limits');
      clear(list).append(...r.data.map((l) => h('tr', {}, h('td', {}, l.scope), h('td', {}, l.subject),
        h('td', { class: 'num' }, fmtNum(l.requests_per_minute)), h('td', { class: 'num' }, fmtNum(l.tokens_per_minute)),
        h('td', { class: 'num' }, fmtUsd(l.daily_budget_usd)), h('td', { class: 'num' }, fmtUsd(l.monthly_budget_usd)),
        h('td', { class: 'row-actions' }, h('button', { type: 'button', class: 'danger', onclick: () => remove(l) }, 'Delete')))));
      if (!r.data.length) list.append(h('tr', {}, h('td', { colspan: 7, class: 'muted' }, 'No limits set.')));
    } catch (e) {
      clear(list).append(h('tr', {}, h('td', { colspan: 7 }, errorBox(e))));
    }
  }

  async function remove(l) {
    try {
      await api('DELETE', `/v1/admin/limits/${encodeURIComponent(l.scope)}/${encodeURIComponent(l.subject)}`);
      load();
    } catch (e) {
      clear(message).append(errorBox(e));
    }
  }

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = {};
    if (rpm.value) body.requests_per_minute = Number(rpm.value);
    if (tpm.value) body.tokens_per_minute = Number(tpm.value);
    if (daily.value) body.daily_budget_usd = Number(daily.value);
    if (monthly.value) body.monthly_budget_usd = Number(monthly.value);
    try {
      await api('PUT', `/v1/admin/limits/${encodeURIComponent(scope.value)}/${encodeURIComponent(subject.value.trim())}`, body);
      clear(message).append(h('p', { class: 'ok' }, 'Saved.'));
      form.reset();
      load();
    } catch (e) {
      clear(message).append(errorBox(e));
    }
  });
  load();
}
