import { bff } from '../api.js';
import { $, bdi, code, fill, formatDate, lookup, setText, show } from '../dom.js';

const FACTORS = Object.freeze({ password: 'Password', magic_link: 'Magic link', oauth: 'Social login' });

export function setUpAccount() {
  $('call-api').addEventListener('click', async (event) => {
    const button = event.currentTarget;
    const output = $('api-output');
    button.disabled = true;
    setText(output, 'Calling GET /api/hello…');
    show(output);
    const result = await bff.hello();
    button.disabled = false;
    const status = result.status === 0 ? 'no answer' : `HTTP ${result.status}`;
    setText(output, `${status}\n${JSON.stringify(result.data, null, 2)}`);
  });
}

/** The user from GET /me: claims the BFF keeps in its server-side session. */
export function renderAccount(me) {
  const name = [me.name?.first_name, me.name?.last_name].filter(Boolean).join(' ');
  fill($('me-name'), name ? bdi(name) : '—');
  setText($('me-emails'), (me.emails ?? []).join(', ') || '—');
  setText($('me-user-id'), me.user_id);
  fill($('me-factors'), ...factorList(me.authentication_factors ?? []));
  setText($('me-started'), formatDate(me.started_at));
  setText($('me-expires'), formatDate(me.expires_at));
  show($('api-output'), false);
}

function factorList(factors) {
  if (factors.length === 0) return ['—'];
  return factors.flatMap((factor, i) => [
    i > 0 ? ', ' : '',
    lookup(FACTORS, factor.type, factor.type),
    factor.delivery_method ? ' (' : '', factor.delivery_method ? code(factor.delivery_method) : '', factor.delivery_method ? ')' : '',
  ]).filter(Boolean);
}
