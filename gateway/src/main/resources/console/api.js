// The console's calls to the admin API: same origin, the session cookie (HttpOnly, sent by the
// browser) and, on every change, the session's CSRF token in x-jetway-csrf.

let csrf = null;
let onLoggedOut = () => {};

export function setCsrf(token) {
  csrf = token;
}

export function whenLoggedOut(callback) {
  onLoggedOut = callback;
}

export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.error && body.error.message) || `HTTP ${status}`);
    this.status = status;
    this.error = (body && body.error) || {};
  }
}

export async function api(method, path, body) {
  const headers = { accept: 'application/json' };
  if (method !== 'GET' && csrf) headers['x-jetway-csrf'] = csrf;
  const init = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  const text = await res.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch (e) {
      json = null;
    }
  }
  if (!res.ok) {
    if (res.status === 401 && !path.endsWith('/console/session')) onLoggedOut();
    throw new ApiError(res.status, json);
  }
  return json;
}

/** A query string of the non-empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== null && v !== undefined && v !== '') q.set(k, v);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
