// The console's entry point: login, the session's CSRF token, and the three pages by URL hash.
import { api, setCsrf, whenLoggedOut } from './api.js';
import { byId, clear } from './dom.js';
import { traffic } from './traffic.js';
import { usage } from './usage.js';
import { keys } from './keys.js';

const pages = { traffic, usage, keys };
let session = null;
let current = null;

function showLogin(message) {
  session = null;
  setCsrf(null);
  if (current && current.stop) current.stop();
  current = null;
  byId('top').hidden = true;
  clear(byId('main'));
  byId('login').hidden = false;
  byId('login-error').textContent = message || '';
  byId('login-token').focus();
}

function route() {
  if (!session) return;
  const name = (location.hash || '#traffic').slice(1);
  const page = pages[name] || traffic;
  if (current && current.stop) current.stop();
  for (const a of document.querySelectorAll('#top nav a')) {
    a.classList.toggle('active', a.getAttribute('href') === `#${pages[name] ? name : 'traffic'}`);
  }
  const main = clear(byId('main'));
  current = page(main, session);
}

function loggedIn(s) {
  session = s;
  setCsrf(s.csrf_token);
  byId('login').hidden = true;
  byId('login-token').value = '';
  byId('top').hidden = false;
  route();
}

async function login(event) {
  event.preventDefault();
  byId('login-error').textContent = '';
  try {
    loggedIn(await api('POST', '/v1/admin/console/session', { token: byId('login-token').value }));
  } catch (e) {
    byId('login-error').textContent = e.status === 401 ? 'That is not the admin token.' : e.message;
  }
}

async function logout() {
  try {
    await api('DELETE', '/v1/admin/console/session');
  } finally {
    showLogin('Logged out.');
  }
}

async function start() {
  byId('login-form').addEventListener('submit', login);
  byId('logout').addEventListener('click', logout);
  whenLoggedOut(() => showLogin('Your session has ended: log in again.'));
  window.addEventListener('hashchange', route);
  try {
    loggedIn(await api('GET', '/v1/admin/console/session'));
  } catch (e) {
    showLogin('');
  }
}

start();
