import { bff, describeProblem } from '../api.js';
import { $, code, fill, lookup, setText, show } from '../dom.js';

/** Known `?auth_error=` values (Stytch error types from a failed login callback), in plain words. */
const AUTH_ERRORS = Object.freeze({
  magic_link_not_found: 'That login link was already used or has expired. Ask for a new one.',
  unable_to_auth_magic_link: 'That login link was already used or has expired. Ask for a new one.',
  magic_link_other_browser:
    'This login link was not requested in this browser, or it was already used. Open it in the browser where you asked for it, or ask for a new link here.',
  oauth_token_not_found: 'The social login was already used or has expired. Start again.',
  pkce_mismatch: 'The login could not be verified: it was started in another browser. Start again in this one.',
});

/**
 * The login page: password, magic link (with the emulator's inbox in development), OAuth.
 * @param {{ onLoggedIn: (me: object) => void, returnPath: () => string, devInfo: () => object | null }} app
 */
export function setUpLogin(app) {
  $('password-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    if (!reportValidity(form, $('password-error'))) return;
    const submit = form.querySelector('button[type=submit]');
    submit.disabled = true;
    show($('password-error'), false);
    const result = await bff.loginWithPassword($('password-email').value.trim(), $('password-password').value);
    submit.disabled = false;
    if (result.ok) {
      $('password-password').value = '';
      app.onLoggedIn(result.data);
    } else {
      show(setText($('password-error'), describeProblem(result)));
      $('password-password').focus();
    }
  });

  $('magic-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    if (!reportValidity(form, $('magic-error'))) return;
    const submit = form.querySelector('button[type=submit]');
    const email = $('magic-email').value.trim();
    submit.disabled = true;
    show($('magic-error'), false);
    show($('magic-sent'), false);
    const result = await bff.sendMagicLink(email, app.returnPath());
    submit.disabled = false;
    if (!result.ok) {
      show(setText($('magic-error'), describeProblem(result)));
      return;
    }

    fill($('magic-sent-text'), 'We sent a login link to ', code(email), '. Open it in this browser to log in.');
    const inbox = app.devInfo()?.inbox_url;
    if (inbox) $('inbox-link').href = inbox;
    show($('inbox-hint'), Boolean(inbox));
    show($('magic-sent'));
  });

  $('use-demo-login').addEventListener('click', () => {
    const demo = app.devInfo()?.demo_login;
    if (!demo) return;
    $('password-email').value = demo.email;
    $('password-password').value = demo.password;
    $('magic-email').value = demo.email;
    $('password-form').querySelector('button[type=submit]').focus();
  });
}

/** Shows the login page; `notice` is a neutral message (e.g. after logout), `authError` an `?auth_error=` value. */
export function renderLogin({ devInfo, returnPath, notice, authError }) {
  $('oauth-google').href = bff.oauthStartUrl('google', returnPath);

  show(setText($('login-notice'), notice), Boolean(notice));
  if (authError) {
    fill($('auth-error'), lookup(AUTH_ERRORS, authError, 'The login did not complete. Try again.'), ' ', code(`auth_error=${authError}`));
  }
  show($('auth-error'), Boolean(authError));

  show($('dev-panel'), Boolean(devInfo));
  show($('oauth-note'), Boolean(devInfo?.emulator));
  if (devInfo) {
    setText($('dev-stytch-kind'), devInfo.emulator ? 'the built-in Stytch emulator' : 'Stytch');
    setText($('dev-stytch-url'), devInfo.stytch_base_url);
    const demo = devInfo.demo_login;
    show($('dev-demo'), Boolean(demo));
    if (demo) {
      setText($('dev-demo-email'), demo.email);
      setText($('dev-demo-password'), demo.password);
    }
  }
}

function reportValidity(form, errorElement) {
  const invalid = [...form.elements].find((field) => field.willValidate && !field.checkValidity());
  if (!invalid) return true;
  const label = form.querySelector(`label[for="${invalid.id}"]`)?.textContent ?? 'This field';
  show(setText(errorElement, invalid.validity.valueMissing ? `${label} is required.` : `${label}: ${invalid.validationMessage}`));
  invalid.focus();
  return false;
}
