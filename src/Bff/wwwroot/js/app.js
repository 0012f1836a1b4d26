// The demo SPA: plain ES modules, no build step. It talks only to the BFF on its own origin.
import { bff } from './api.js';
import { $, bdi, fill, lookup, show } from './dom.js';
import { renderAccount, setUpAccount } from './views/account.js';
import { renderApps, setUpApps } from './views/apps.js';
import { renderConsent, setUpConsent } from './views/consent.js';
import { renderLogin, setUpLogin } from './views/login.js';

const TITLE = 'Stytch BFF demo';

/** Client-side routes; the BFF answers index.html for each (and for any other path, which shows "not found"). */
const ROUTES = {
  '/': { view: 'apps-view', title: 'Connected apps', render: () => renderApps(app) },
  '/account': { view: 'account-view', title: 'Account', render: () => renderAccount(state.me) },
  // The project's Authorization URL in the Stytch dashboard: https://<this app>/oauth/authorize.
  '/oauth/authorize': { view: 'consent-view', title: 'Connect an app', render: () => renderConsent(app, state.me) },
};
const VIEWS = ['login-view', 'apps-view', 'account-view', 'consent-view', 'not-found-view'];

const state = {
  /** The user from GET /me, or null when logged out. */
  me: null,
  /** GET /dev/info (Development only), or null. */
  devInfo: null,
  /** Waiting for a magic link opened in another tab: re-check the session when this tab is shown again. */
  awaitingLogin: false,
};

const app = {
  devInfo: () => state.devInfo,
  /**
   * Where every login method comes back to: this page, query included (the consent page's query is the app's whole
   * authorization request). A backslash, which browsers leave raw in a query, is sent percent-encoded: the BFF's
   * open-redirect rules refuse it raw.
   */
  returnPath: () => (Object.hasOwn(ROUTES, location.pathname) ? location.pathname + location.search.replaceAll('\\', '%5C') : '/'),
  onLoggedIn(me) {
    state.me = me;
    render({ focus: true });
  },
  onSessionEnded() {
    state.me = null;
    render({ focus: true, notice: 'Your session has ended. Log in again.' });
  },
};

async function boot() {
  const authError = takeAuthError();
  const [me, devInfo] = await Promise.all([bff.me(), bff.devInfo()]);
  state.me = me.ok ? me.data : null;
  state.devInfo = devInfo.ok ? devInfo.data : null;

  setUpLogin(app);
  setUpApps(app);
  setUpAccount();
  setUpConsent(app);
  $('logout').addEventListener('click', logout);
  document.addEventListener('click', followRouteLinks);
  window.addEventListener('popstate', () => render({ focus: true }));
  document.addEventListener('visibilitychange', recheckSessionAfterMagicLink);

  show($('boot'), false);
  render({ authError });
}

/** Renders the page for the current session and path. */
function render({ focus = false, notice = null, authError = null } = {}) {
  const loggedIn = state.me !== null;
  show($('site-nav'), loggedIn);
  show($('session-controls'), loggedIn);

  let view;
  let title;
  if (!loggedIn) {
    state.awaitingLogin = true;
    view = 'login-view';
    title = 'Log in';
    const consentNotice = location.pathname === '/oauth/authorize' ? 'An app asks to connect to your account. Log in to continue; you come back here to decide.' : null;
    renderLogin({ devInfo: state.devInfo, returnPath: app.returnPath(), notice: notice ?? consentNotice, authError });
  } else {
    state.awaitingLogin = false;
    fill($('signed-in-as'), bdi(displayName(state.me)));
    const route = lookup(ROUTES, location.pathname, undefined);
    view = route?.view ?? 'not-found-view';
    title = route?.title ?? 'Page not found';
    route?.render();
  }

  for (const id of VIEWS) show($(id), id === view);
  for (const link of document.querySelectorAll('#site-nav a')) {
    if (link.getAttribute('href') === location.pathname) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }

  document.title = `${title} · ${TITLE}`;
  if (focus) $(view).querySelector('h1').focus();
}

async function logout() {
  const button = $('logout');
  button.disabled = true;
  await bff.logout();
  button.disabled = false;
  state.me = null;
  render({ focus: true, notice: 'You have logged out.' });
}

/** Same-origin links marked data-route change the view without a page load. */
function followRouteLinks(event) {
  const link = event.target.closest('a[data-route]');
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  if (link.getAttribute('href') !== location.pathname) history.pushState(null, '', link.getAttribute('href'));
  render({ focus: true });
}

async function recheckSessionAfterMagicLink() {
  if (document.visibilityState !== 'visible' || !state.awaitingLogin) return;
  const me = await bff.me();
  if (me.ok && state.me === null) app.onLoggedIn(me.data);
}

/** A failed login callback redirects to /?auth_error=<error_type>: read it once, then tidy the address bar. */
function takeAuthError() {
  const url = new URL(location.href);
  const error = url.searchParams.get('auth_error');
  if (error === null) return null;
  url.searchParams.delete('auth_error');
  history.replaceState(null, '', url.pathname + url.search + url.hash);
  return error.slice(0, 100);
}

function displayName(me) {
  const name = [me.name?.first_name, me.name?.last_name].filter(Boolean).join(' ');
  return name || me.emails?.[0] || me.user_id;
}

boot();
