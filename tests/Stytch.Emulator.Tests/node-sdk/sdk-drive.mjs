// Drives the Stytch emulator with Stytch's official Node SDK (npm "stytch", pinned in package.json) and prints one
// JSON line: {"ok": bool, "sdk_version": "...", "steps": [{"name", "ok", "detail"}]}. Exit code 0 only if every step
// passed. Run by NodeSdkFidelityTests; by hand:
//   node sdk-drive.mjs <base-url> <project-id> <secret>
// or with STYTCH_EMULATOR_URL / STYTCH_PROJECT_ID / STYTCH_SECRET in the environment.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import stytch from "stytch";

// "stytch/package.json" is not in the package's exports map: read it beside the resolved entry point (dist/index.js).
const entry = createRequire(import.meta.url).resolve("stytch");
const sdkVersion = JSON.parse(readFileSync(join(dirname(entry), "..", "package.json"), "utf8")).version;

const baseUrl = process.argv[2] ?? process.env.STYTCH_EMULATOR_URL;
const projectId = process.argv[3] ?? process.env.STYTCH_PROJECT_ID;
const secret = process.argv[4] ?? process.env.STYTCH_SECRET;
if (!baseUrl || !projectId || !secret) {
  console.error("usage: node sdk-drive.mjs <base-url> <project-id> <secret>");
  process.exit(2);
}

const DEMO_EMAIL = "demo@example.com";
const DEMO_PASSWORD = "correct-horse-battery-staple";
const CLI_APP = "connected-app-test-0a1b2c3d-0000-4000-8000-000000000001";
const UNKNOWN_APP = "connected-app-test-ffffffff-ffff-4fff-8fff-ffffffffffff";
const REQUEST_ID = /^request-id-test-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

// "env" accepts any URL (with a console warning); "custom_base_url" would insist on https.
const client = new stytch.Client({ project_id: projectId, secret, env: baseUrl, timeout: 10_000 });
const wrongSecret = new stytch.Client({ project_id: projectId, secret: secret + "-wrong", env: baseUrl, timeout: 10_000 });

const steps = [];
function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

// Tokens and secrets stay out of the printed detail; the caller still gets them.
const SECRET_KEYS = ["session_token", "session_jwt", "token", "client_secret", "access_token", "refresh_token", "id_token", "code"];
function redact(detail) {
  if (detail === null || typeof detail !== "object") {
    return detail ?? null;
  }
  return Object.fromEntries(Object.entries(detail).filter(([key]) => !SECRET_KEYS.includes(key)));
}

async function step(name, action) {
  try {
    const detail = await action();
    steps.push({ name, ok: true, detail: redact(detail) });
    return detail;
  } catch (err) {
    steps.push({ name, ok: false, detail: String(err?.stack ?? err) });
    return undefined;
  }
}

// Runs a call that must fail with a StytchError of the given type and status, carrying a request_id.
async function expectStytchError(call, errorType, status) {
  try {
    await call();
  } catch (err) {
    check(err instanceof stytch.StytchError, `expected StytchError, got ${err?.constructor?.name}: ${err}`);
    check(err.error_type === errorType, `error_type ${err.error_type}, expected ${errorType}`);
    check(err.status_code === status, `status_code ${err.status_code}, expected ${status}`);
    check(REQUEST_ID.test(err.request_id ?? ""), `request_id ${err.request_id}`);
    return { error_type: err.error_type, status_code: err.status_code, request_id: err.request_id };
  }
  throw new Error(`expected ${errorType}, but the call succeeded`);
}

const email = `node-sdk-${Date.now()}@example.com`;
const password = "a-long-enough-password";

const created = await step("passwords.create", async () => {
  const res = await client.passwords.create({ email, password, session_duration_minutes: 60 });
  check(res.status_code === 200 && REQUEST_ID.test(res.request_id), "status/request_id");
  check(/^user-test-/.test(res.user_id) && /^email-test-/.test(res.email_id), "ids");
  check(res.session_token.length === 44 && res.session_jwt.split(".").length === 3, "session token/jwt");
  return { user_id: res.user_id };
});

const login = await step("passwords.authenticate", async () => {
  const res = await client.passwords.authenticate({ email, password, session_duration_minutes: 60 });
  check(res.user_id === created?.user_id, "same user");
  check(/^session-test-/.test(res.session?.session_id ?? ""), "session object");
  return { session_id: res.session.session_id, session_token: res.session_token, session_jwt: res.session_jwt };
});

await step("sessions.authenticate (session_token)", async () => {
  const res = await client.sessions.authenticate({ session_token: login.session_token });
  check(res.session.session_id === login.session_id, "same session");
  check(res.user.user_id === created.user_id, "user");
  check(res.session_jwt.split(".").length === 3, "fresh jwt");
  return { session_id: res.session.session_id };
});

await step("sessions.authenticate (session_jwt)", async () => {
  const res = await client.sessions.authenticate({ session_jwt: login.session_jwt, session_duration_minutes: 120 });
  check(res.session.session_id === login.session_id, "same session");
  check(res.session_token === login.session_token, "same token");
  return { expires_at: res.session.expires_at };
});

await step("sessions.authenticateJwtLocal (JWKS, iss, aud, kid)", async () => {
  const res = await client.sessions.authenticateJwtLocal({ session_jwt: login.session_jwt });
  check(res.session_id === login.session_id, `session_id ${res.session_id}`);
  check(res.user_id === created.user_id, "sub");
  check(Array.isArray(res.authentication_factors) && res.authentication_factors[0]?.type === "password", "factors");
  return { session_id: res.session_id };
});

await step("sessions.authenticateJwt", async () => {
  const res = await client.sessions.authenticateJwt({ session_jwt: login.session_jwt });
  check(res.session.session_id === login.session_id, "same session");
  return { session_id: res.session.session_id };
});

const demo = await step("passwords.authenticate (demo user)", async () => {
  const res = await client.passwords.authenticate({ email: DEMO_EMAIL, password: DEMO_PASSWORD });
  check(res.session_token === "" && res.session === undefined, "no session without session_duration_minutes");
  return { user_id: res.user_id };
});

await step("users.get", async () => {
  const res = await client.users.get({ user_id: demo.user_id });
  check(res.user_id === demo.user_id && res.status_code === 200, "user");
  check(res.name.first_name === "Ada" && res.name.last_name === "Lovelace", "name");
  check(res.emails[0].email === DEMO_EMAIL, "email");
  return { user_id: res.user_id };
});

await step("users.connectedApps", async () => {
  const res = await client.users.connectedApps({ user_id: demo.user_id });
  const ids = res.connected_apps.map((a) => a.connected_app_id);
  check(ids.length === 3 && ids.includes(CLI_APP), `apps ${ids}`);
  const cli = res.connected_apps.find((a) => a.connected_app_id === CLI_APP);
  check(cli.name === "Example CLI" && cli.client_type === "third_party_public" && cli.scopes_granted === "openid email profile", "CLI app");
  return { connected_app_ids: ids };
});

await step("users.revoke", async () => {
  const res = await client.users.revoke({ user_id: demo.user_id, connected_app_id: CLI_APP });
  check(res.status_code === 200 && REQUEST_ID.test(res.request_id), "revoke response");
  const after = await client.users.connectedApps({ user_id: demo.user_id });
  const ids = after.connected_apps.map((a) => a.connected_app_id);
  check(ids.length === 2 && !ids.includes(CLI_APP), `apps after revoke ${ids}`);
  return { remaining: ids };
});

await step("users.revoke (second time)", () =>
  expectStytchError(() => client.users.revoke({ user_id: demo.user_id, connected_app_id: CLI_APP }), "connected_app_not_found", 404));

await step("users.revoke (unknown app)", () =>
  expectStytchError(() => client.users.revoke({ user_id: demo.user_id, connected_app_id: UNKNOWN_APP }), "connected_app_not_found", 404));

const magicEmail = `node-sdk-magic-${Date.now()}@example.com`;
const magic = await step("magicLinks.email.loginOrCreate", async () => {
  const res = await client.magicLinks.email.loginOrCreate({
    email: magicEmail,
    login_magic_link_url: "http://localhost:3000/authenticate",
    signup_magic_link_url: "http://localhost:3000/authenticate",
  });
  check(res.user_created === true && /^user-test-/.test(res.user_id), "user created");
  const inbox = await fetch(new URL("/emulator/inbox.json", baseUrl)).then((r) => r.json());
  const message = inbox.messages.find((m) => m.to === magicEmail);
  check(message !== undefined, "message in inbox");
  const link = new URL(message.link);
  check(link.searchParams.get("stytch_token_type") === "magic_links", "token type in link");
  return { user_id: res.user_id, token: link.searchParams.get("token") };
});

const magicLogin = await step("magicLinks.authenticate", async () => {
  const res = await client.magicLinks.authenticate({ token: magic.token, session_duration_minutes: 30 });
  check(res.user_id === magic.user_id && /^email-test-/.test(res.method_id), "user and method");
  check(res.user.emails[0].verified === true, "email verified");
  check(res.session?.authentication_factors?.[0]?.type === "magic_link", "session factor");
  return { session_id: res.session.session_id, session_token: res.session_token };
});

await step("magicLinks.authenticate (used token)", () =>
  expectStytchError(() => client.magicLinks.authenticate({ token: magic.token }), "magic_link_not_found", 404));

await step("sessions.revoke", async () => {
  const res = await client.sessions.revoke({ session_id: magicLogin.session_id });
  check(res.status_code === 200, "revoke");
  return expectStytchError(() => client.sessions.authenticate({ session_token: magicLogin.session_token }), "session_not_found", 404);
});

// Connected Apps: the emulator as Stytch's OAuth/OIDC identity provider.
const REDIRECT = "http://127.0.0.1:43999/callback";
const app = await step("connectedApp.clients.create", async () => {
  const res = await client.connectedApp.clients.create({
    client_type: "third_party",
    client_name: "Node SDK app",
    client_description: "Registered by the Node SDK fidelity test.",
    redirect_urls: [REDIRECT],
    access_token_expiry_minutes: 30,
  });
  const created = res.connected_app;
  check(res.status_code === 200 && REQUEST_ID.test(res.request_id), "status/request_id");
  check(/^connected-app-test-/.test(created.client_id), `client_id ${created.client_id}`);
  check(typeof created.client_secret === "string" && created.client_secret.length >= 32, "secret shown once");
  check(created.client_secret.endsWith(created.client_secret_last_four), "last four");
  const fetched = await client.connectedApp.clients.get({ client_id: created.client_id });
  check(fetched.connected_app.client_secret === undefined, "get never shows the secret");
  check(fetched.connected_app.redirect_urls[0] === REDIRECT && fetched.connected_app.access_token_expiry_minutes === 30, "stored");
  return { client_id: created.client_id, client_secret: created.client_secret };
});

const SCOPES = ["openid", "email", "profile", "offline_access"];
const authorizeParams = () => ({
  client_id: app.client_id,
  redirect_uri: REDIRECT,
  response_type: "code",
  scopes: SCOPES,
  session_token: login.session_token,
});

await step("idp.oauth.authorizeStart", async () => {
  const res = await client.idp.oauth.authorizeStart(authorizeParams());
  check(res.status_code === 200 && res.user_id === created.user_id && res.user.user_id === created.user_id, "user");
  check(res.client.client_id === app.client_id && res.client.client_name === "Node SDK app" && res.client.client_type === "third_party", "client");
  check(res.consent_required === true, "a third-party app needs consent");
  check(res.scope_results.map((r) => r.scope).join(" ") === SCOPES.join(" ") && res.scope_results.every((r) => r.is_grantable), "scopes");
  return { consent_required: res.consent_required };
});

const grant = await step("idp.oauth.authorize", async () => {
  const res = await client.idp.oauth.authorize({ ...authorizeParams(), consent_granted: true, state: "node-state", nonce: "node-nonce" });
  const redirect = new URL(res.redirect_uri);
  check(redirect.origin + redirect.pathname === REDIRECT, `redirect ${redirect.origin}${redirect.pathname}`);
  check(redirect.searchParams.get("code") === res.authorization_code && redirect.searchParams.get("state") === "node-state", "code and state");
  return { code: res.authorization_code };
});

const tokens = await step("oauth2 token (raw HTTP, client_secret_basic)", async () => {
  const basic = Buffer.from(`${encodeURIComponent(app.client_id)}:${encodeURIComponent(app.client_secret)}`).toString("base64");
  const res = await fetch(new URL("/v1/oauth2/token", baseUrl), {
    method: "POST",
    headers: { Authorization: `Basic ${basic}`, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "authorization_code", code: grant.code, redirect_uri: REDIRECT }),
  });
  const body = await res.json();
  check(res.status === 200, `status ${res.status}: ${body.error} ${body.error_description}`);
  check(body.token_type === "bearer" && body.expires_in === 1800 && body.scope === SCOPES.join(" "), "token response");
  check(body.access_token.split(".").length === 3 && body.id_token.split(".").length === 3 && body.refresh_token.length > 0, "tokens");
  return { access_token: body.access_token, refresh_token: body.refresh_token };
});

await step("idp.introspectTokenNetwork", async () => {
  const res = await client.idp.introspectTokenNetwork({ token: tokens.access_token, client_id: app.client_id, client_secret: app.client_secret });
  check(res.subject === created.user_id && res.scope === SCOPES.join(" "), `subject/scope ${res.subject} ${res.scope}`);
  check(res.token_type === "access_token" && res.audience.includes(projectId) && res.expires_at > res.issued_at, "claims");
  const refresh = await client.idp.introspectTokenNetwork({ token: tokens.refresh_token, client_id: app.client_id, client_secret: app.client_secret });
  check(refresh.token_type === "refresh_token" && refresh.subject === created.user_id, "refresh token introspection");
  return { subject: res.subject, token_type: res.token_type };
});

await step("idp.introspectTokenLocal (JWKS, iss, aud, typ)", async () => {
  const res = await client.idp.introspectTokenLocal(tokens.access_token);
  check(res.subject === created.user_id && res.scope === SCOPES.join(" ") && res.token_type === "access_token", "claims");
  check(res.custom_claims.client_id === app.client_id, "client_id claim");
  return { subject: res.subject, issuer: res.issuer };
});

await step("users.revoke (Connected App) makes its tokens inactive", async () => {
  const res = await client.users.revoke({ user_id: created.user_id, connected_app_id: app.client_id });
  check(res.status_code === 200, "revoke");
  let inactive;
  try {
    await client.idp.introspectTokenNetwork({ token: tokens.access_token, client_id: app.client_id, client_secret: app.client_secret });
  } catch (err) {
    inactive = err;
  }
  check(inactive?.code === "token_invalid" && inactive?.message === "token_invalid: Token was not active", `network introspection after revoke: ${inactive}`);
  const local = await client.idp.introspectTokenLocal(tokens.access_token);
  check(local.subject === created.user_id, "a revoked JWT still verifies locally until it expires");
  const again = await client.idp.oauth.authorizeStart(authorizeParams());
  check(again.consent_required === true, "consent is required again");
  return { network: "inactive", local: "still verifies", consent_required: again.consent_required };
});

await step("idp.oauth.authorizeStart (unknown client)", () =>
  expectStytchError(() => client.idp.oauth.authorizeStart({ ...authorizeParams(), client_id: UNKNOWN_APP }), "connected_app_not_found", 404));

await step("wrong secret", () =>
  expectStytchError(() => wrongSecret.users.get({ user_id: demo.user_id }), "unauthorized_credentials", 401));

const ok = steps.length > 0 && steps.every((s) => s.ok);
console.log(JSON.stringify({ ok, sdk_version: sdkVersion, steps }));
process.exit(ok ? 0 : 1);
