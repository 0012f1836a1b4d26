import { describeProblem, bff } from '../api.js';
import { describeClientType, httpUrl, initials } from '../connected-app.js';
import { $, bdi, el, fill, requestIds, setText, show } from '../dom.js';
import { revokeConnectedAppButton } from '../revoke-button.js';

/**
 * The Connected Apps page: the list from GET /me/connected-apps and a "Revoke access" button per app.
 * @param {{ onSessionEnded: () => void }} app
 */
export function setUpApps(app) {
  $('apps-retry').addEventListener('click', () => loadApps(app));
}

export async function renderApps(app) {
  show($('apps-result'), false);
  // Development: the sample third-party app (src/Sample.ConnectedApp) the first run started next to the emulator.
  const sampleApp = httpUrl(app.devInfo()?.sample_connected_app_url);
  if (sampleApp) $('sample-app-link').href = sampleApp;
  show($('sample-app-panel'), Boolean(sampleApp));
  await loadApps(app);
}

async function loadApps(app) {
  show($('apps-error'), false);
  show($('apps-loading'));
  const result = await bff.connectedApps();
  show($('apps-loading'), false);
  if (result.status === 401) {
    app.onSessionEnded();
    return;
  }

  if (!result.ok) {
    fill($('apps-error-text'), 'Your connected apps could not be loaded: ', describeProblem(result), ...requestIds(result.data));
    show($('apps-error'));
    fill($('apps-list'));
    show($('apps-empty'), false);
    return;
  }

  const apps = result.data?.connected_apps ?? [];
  fill($('apps-list'), ...apps.map((connectedApp) => card(connectedApp, app)));
  show($('apps-empty'), apps.length === 0);
}

function card(connectedApp, app) {
  const item = $('app-card').content.firstElementChild.cloneNode(true);
  const titleId = `app-${connectedApp.connected_app_id}`;
  item.dataset.connectedAppId = connectedApp.connected_app_id;
  setText(item.querySelector('.app-avatar'), initials(connectedApp.name));
  const title = fill(item.querySelector('.app-name'), bdi(connectedApp.name));
  title.id = titleId;
  setText(item.querySelector('.app-description'), connectedApp.description);
  const scopes = (connectedApp.scopes_granted ?? '').split(' ').filter(Boolean);
  fill(item.querySelector('.app-scopes'), ...(scopes.length ? scopes.map((s) => el('span', { className: 'chip', text: s })) : ['—']));
  setText(item.querySelector('.app-type'), describeClientType(connectedApp.client_type));
  item.querySelector('.app-actions').append(revokeConnectedAppButton(connectedApp, (revoked, result) => onRevoked(revoked, result, app), titleId));
  return item;
}

async function onRevoked(connectedApp, result, app) {
  const region = $('apps-result');
  if (result.status === 401) {
    app.onSessionEnded();
    return;
  }

  if (result.ok) {
    region.className = 'notice notice-success';
    fill(region,
      el('strong', {}, 'Access revoked for ', bdi(connectedApp.name), '.'), ' ',
      'Stytch request_id: ', el('code', { text: result.data?.request_id ?? '—', attrs: { 'data-request-id': '' } }));
  } else {
    region.className = 'notice notice-error';
    fill(region,
      el('strong', {}, 'Access for ', bdi(connectedApp.name), ' was not revoked.'), ' ',
      describeProblem(result), ...requestIds(result.data));
  }

  show(region);
  if (result.ok) {
    await loadApps(app);
    // The card and the button the user pressed are gone: move focus to the outcome.
    region.focus();
  }
}
