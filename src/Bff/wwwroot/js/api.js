// Every call to the BFF goes through here: same-origin cookies, the CSRF header, JSON in and out.
// The page never sees a token: the session is an HttpOnly cookie that the browser attaches by itself.

/**
 * @typedef {{ ok: boolean, status: number, data: any }} Result
 * `data` is the JSON body: the value on success, the problem+json (Stytch's error fields included) on failure.
 */

/** @returns {Promise<Result>} */
export async function call(path, { method = 'GET', body } = {}) {
  const headers = { 'X-CSRF': '1', Accept: 'application/json' };
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }

  let response;
  try {
    response = await fetch(path, init);
  } catch {
    return { ok: false, status: 0, data: { error_type: 'network_error', error_message: 'The BFF could not be reached. Is it still running?' } };
  }

  return { ok: response.ok, status: response.status, data: await readJson(response) };
}

async function readJson(response) {
  const type = response.headers.get('Content-Type') ?? '';
  if (type.includes('json')) {
    try {
      return await response.json();
    } catch {
      // fall through: an unreadable body is described by its status
    }
  }

  return response.ok ? null : { error_message: `The request failed: HTTP ${response.status}.` };
}

/** The sentence to show for a failed call: Stytch's error_message first, as the React SDK surfaces it. */
export function describeProblem(result) {
  const problem = result.data ?? {};
  if (problem.errors && typeof problem.errors === 'object') {
    const first = Object.values(problem.errors).flat()[0];
    if (first) {
      return String(first);
    }
  }

  return problem.error_message ?? problem.detail ?? problem.title ?? `The request failed: HTTP ${result.status}.`;
}

/** The BFF's endpoints, one function each. */
export const bff = {
  me: () => call('/me'),
  devInfo: () => call('/dev/info'),
  loginWithPassword: (email, password) => call('/auth/password', { method: 'POST', body: { email, password } }),
  sendMagicLink: (email, returnUrl) => call('/auth/magic-link', { method: 'POST', body: { email, return_url: returnUrl } }),
  oauthStartUrl: (provider, returnUrl) => `/auth/oauth/${encodeURIComponent(provider)}?return_url=${encodeURIComponent(returnUrl)}`,
  logout: () => call('/auth/logout', { method: 'POST' }),
  connectedApps: () => call('/me/connected-apps'),
  // The consent page (views/consent.js): Stytch's authorize/start and authorize, with the session the BFF holds.
  authorizeStart: (request) => call('/me/oauth/authorize/start', { method: 'POST', body: request }),
  authorize: (request) => call('/me/oauth/authorize', { method: 'POST', body: request }),
  revokeConnectedApp: (connectedAppId) => call(`/me/connected-apps/${encodeURIComponent(connectedAppId)}/revoke`, { method: 'POST' }),

  // /api/** is forwarded by YARP (src/Bff/Proxy) to the upstream API (in Development: src/Sample.Api) with the
  // session's JWT; the upstream's answer comes back unchanged, a BFF failure as problem+json.
  hello: () => call('/api/hello'),
};
