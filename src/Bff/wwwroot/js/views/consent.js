import { bff, describeProblem } from '../api.js';
import { describeClientType, httpsUrl, httpUrl, initials } from '../connected-app.js';
import { $, bdi, el, fill, requestIds, setText, show } from '../dom.js';

/**
 * The consent page at /oauth/authorize: the page a Stytch project's Authorization URL points at, in place of the React
 * SDK's <IdentityProvider />, which needs a client-side Stytch session that the BFF never gives the browser.
 *
 *   1. The query is a standard OAuth authorization request (client_id, redirect_uri, response_type, scope, state, nonce,
 *      code_challenge, code_challenge_method, prompt, resource…). Logged out, app.js shows the login, which comes back
 *      to this very URL.
 *   2. POST /me/oauth/authorize/start: Stytch checks the client, the redirect URI and the scopes for the session's user.
 *      An error is shown here; the browser is never sent to a redirect_uri that Stytch did not return.
 *   3. consent_required: the app, its scopes and Allow / Deny. Otherwise it continues at once, as <IdentityProvider />.
 *   4. POST /me/oauth/authorize, then the browser goes to the redirect_uri in the answer (the code, or the error for a
 *      denial, is in it).
 *
 * Everything from Stytch (names, descriptions, scope descriptions) goes in as text; a logo only if its URL is https.
 */

/** <IdentityProvider />'s defaults (stytch-browser idpHelpers.ts) when the request has no response_type or scope. */
const DEFAULT_RESPONSE_TYPE = 'code';
const DEFAULT_SCOPE = 'openid email profile';

/**
 * When Stytch says no consent is required, <IdentityProvider /> submits at once with consent_granted: false (it asked
 * nothing, so nothing was granted or denied); Stytch issues the code all the same. Do as the official UI does.
 */
const CONSENT_GRANTED_WHEN_NOT_REQUIRED = false;

/** Bumped on every render: an answer that arrives after the page moved on is dropped. */
let generation = 0;

/** The request on screen, while Allow / Deny are shown. */
let pending = null;

/** @param {{ onSessionEnded: () => void }} app */
export function setUpConsent(app) {
  $('consent-form').addEventListener('submit', (event) => {
    event.preventDefault();
    decide(app, true);
  });
  $('consent-deny').addEventListener('click', () => decide(app, false));
  $('consent-logo').addEventListener('error', () => {
    // A logo that does not load (or that the CSP refuses) falls back to the initials.
    show($('consent-logo'), false);
    show($('consent-avatar'));
  });
}

/** Shows the consent page for the authorization request in the address bar, for the logged-in user `me`. */
export async function renderConsent(app, me) {
  const run = ++generation;
  pending = null;
  reset();

  const parsed = parseAuthorizationRequest(location.search);
  if (parsed.missing) {
    showError([`The app's request is incomplete: required parameter is missing: ${parsed.missing}.`]);
    return;
  }

  const request = parsed.request;
  const start = await bff.authorizeStart(startBody(request));
  if (run !== generation) return;
  if (!start.ok) {
    await showFailure(app, start, 'The app\'s request cannot be completed: ');
    return;
  }

  const answer = start.data ?? {};
  if (answer.consent_required === false) {
    show($('consent-loading'), false);
    show($('consent-continuing'));
    await submit(app, run, request, CONSENT_GRANTED_WHEN_NOT_REQUIRED);
    return;
  }

  pending = { run, request };
  showRequest(answer, request, me);
}

/**
 * The OAuth parameters, read as <IdentityProvider /> reads them: client_id and redirect_uri are required,
 * response_type defaults to code and scope to "openid email profile", and every `resource` is kept.
 */
export function parseAuthorizationRequest(search) {
  const params = new URLSearchParams(search);
  for (const name of ['client_id', 'redirect_uri']) {
    if (!params.get(name)) return { missing: name };
  }

  const optional = (name) => params.get(name) ?? undefined;
  return {
    request: {
      client_id: params.get('client_id'),
      redirect_uri: params.get('redirect_uri'),
      response_type: params.get('response_type') || DEFAULT_RESPONSE_TYPE,
      scope: params.get('scope') || DEFAULT_SCOPE,
      prompt: optional('prompt'),
      state: optional('state'),
      nonce: optional('nonce'),
      code_challenge: optional('code_challenge'),
      code_challenge_method: optional('code_challenge_method'),
      resource: params.getAll('resource'),
    },
  };
}

/** authorize/start takes what Stytch's preflight takes (undefined members are left out of the JSON). */
function startBody(request) {
  const { client_id, redirect_uri, response_type, scope, prompt } = request;
  return { client_id, redirect_uri, response_type, scope, prompt };
}

function authorizeBody(request, consentGranted) {
  const { resource, ...rest } = request;
  return { ...rest, resource: resource.length ? resource : undefined, consent_granted: consentGranted };
}

async function decide(app, granted) {
  if (!pending) return;
  const { run, request } = pending;
  pending = null;
  setBusy(true);
  await submit(app, run, request, granted);
}

async function submit(app, run, request, consentGranted) {
  const result = await bff.authorize(authorizeBody(request, consentGranted));
  if (run !== generation) return;
  if (!result.ok) {
    await showFailure(app, result, consentGranted ? 'The app could not be connected: ' : 'Your answer could not be sent to the app: ');
    return;
  }

  // Only an absolute http(s) URL is followed: never javascript:, data: or a relative path.
  const target = httpUrl(result.data?.redirect_uri);
  if (!target) {
    showError(['Stytch answered without a redirect URI to continue to, so you stay here.', ...requestIds(result.data)]);
    return;
  }

  show($('consent-form'), false);
  show($('consent-continuing'));
  // Exactly the URL Stytch returned (through the BFF), code or error included. replace(): Back does not re-run consent.
  location.replace(target);
}


function showRequest(answer, request, me) {
  const client = answer.client ?? {};
  const name = String(client.client_name || client.client_id || request.client_id);
  // Names from Stytch in <bdi>: a direction override in a name cannot reorder the sentence around it.
  fill($('consent-title'), bdi(name), ' wants to access your account');
  fill($('consent-app-name'), bdi(name));
  setText($('consent-app-type'), describeClientType(client.client_type));
  setText($('consent-app-description'), client.client_description);
  show($('consent-app-description'), Boolean(client.client_description));

  const logo = httpsUrl(client.logo_url);
  show($('consent-logo'), Boolean(logo));
  show($('consent-avatar'), !logo);
  if (logo) $('consent-logo').src = logo;
  else $('consent-logo').removeAttribute('src');
  setText($('consent-avatar'), initials(name));

  const results = Array.isArray(answer.scope_results) ? answer.scope_results : [];
  const grantable = results.filter((s) => s.is_grantable === true);
  const ungrantable = results.filter((s) => s.is_grantable !== true);
  fill($('consent-scopes'), ...(grantable.length ? grantable.map(scopeItem) : [el('li', { text: 'Nothing beyond knowing that you use this app.' })]));
  fill($('consent-ungrantable-scopes'), ...ungrantable.map(scopeItem));
  show($('consent-ungrantable'), ungrantable.length > 0);

  fill($('consent-user'), bdi(me?.emails?.[0] ?? me?.user_id ?? ''));
  setText($('consent-redirect'), originOf(request.redirect_uri));
  // Nothing can be granted if every scope asked for is out of the user's reach: only Deny is left.
  $('consent-allow').disabled = results.length > 0 && grantable.length === 0;

  show($('consent-loading'), false);
  show($('consent-form'));
  $('consent-title').focus();
}

function scopeItem(result) {
  return el('li', { className: 'scope' },
    el('code', { text: String(result.scope ?? '') }),
    el('span', { className: 'scope-description', text: String(result.description || '') }));
}

function originOf(value) {
  try {
    return new URL(value).origin;
  } catch {
    return String(value);
  }
}

/** A failed BFF call: a 401 means the session ended only if /me says so too (Stytch has 401 errors of its own). */
async function showFailure(app, result, prefix) {
  if (result.status === 401 && (await bff.me()).status === 401) {
    app.onSessionEnded();
    return;
  }

  showError([prefix, describeProblem(result), ...requestIds(result.data)]);
}

function showError(parts) {
  setBusy(false);
  show($('consent-loading'), false);
  show($('consent-continuing'), false);
  show($('consent-form'), false);
  setText($('consent-title'), 'This app cannot be connected');
  fill($('consent-error-text'), ...parts);
  show($('consent-error'));
  $('consent-title').focus();
}

function reset() {
  setBusy(false);
  setText($('consent-title'), 'Connect an app');
  show($('consent-loading'));
  show($('consent-error'), false);
  show($('consent-continuing'), false);
  show($('consent-form'), false);
}

function setBusy(busy) {
  $('consent-allow').disabled = busy;
  $('consent-deny').disabled = busy;
}
