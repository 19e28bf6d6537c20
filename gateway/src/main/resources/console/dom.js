// Small DOM helpers. Text always goes in as text nodes (never as HTML): nothing the log or the
// admin API holds can become markup. No inline styles (the page's CSP forbids them): classes only.

/** An element: h('td', {class: 'num'}, 'text', childNode, ...). on* attributes are listeners. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'value') el.value = v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

export const byId = (id) => document.getElementById(id);

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export function fmtTime(ms) {
  if (ms === null || ms === undefined) return '';
  const d = new Date(ms);
  const pad = (n, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function fmtMs(v) {
  return v === null || v === undefined ? '' : `${v < 10 ? v.toFixed(1) : Math.round(v)} ms`;
}

export function fmtUsd(v) {
  if (v === null || v === undefined) return '';
  const n = Number(v);
  return n === 0 ? '$0' : n < 0.01 ? `$${n.toPrecision(2)}` : `$${n.toFixed(2)}`;
}

export function fmtNum(v) {
  return v === null || v === undefined ? '' : Number(v).toLocaleString('en');
}

/** A labelled form field. */
export function field(label, input) {
  return h('label', {}, label, input);
}

/** An error box for an API failure (message, and the parameter it names). */
export function errorBox(err) {
  const param = err && err.error && err.error.param;
  return h('p', { class: 'error', role: 'alert' }, err.message, param ? ` (at ${param})` : '');
}
