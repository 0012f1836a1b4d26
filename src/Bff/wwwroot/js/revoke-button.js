import { bff } from './api.js';

/**
 * The seed's React `RevokeConnectedAppButton`, without React:
 *
 *   const [isRevoking, setIsRevoking] = useState(false);
 *   <button onClick={revoke} disabled={isRevoking}>{isRevoking ? 'Revoking...' : 'Revoke access'}</button>
 *
 * `stytch.user.revokeConnectedApp()` becomes `POST /me/connected-apps/{id}/revoke` on the BFF, which answers the same
 * `{status_code, request_id}`, or a problem with Stytch's `error_type`, `error_message` and `request_id`.
 *
 * @param {{ connected_app_id: string, name: string }} connectedApp
 * @param {(connectedApp: object, result: import('./api.js').Result) => Promise<void>} onResult
 * @param {string} describedBy id of the element that names the app, for screen readers
 */
export function revokeConnectedAppButton(connectedApp, onResult, describedBy) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'button button-danger';
  button.setAttribute('aria-describedby', describedBy);
  let isRevoking = false;

  const render = () => {
    button.disabled = isRevoking;
    button.textContent = isRevoking ? 'Revoking...' : 'Revoke access';
  };

  button.addEventListener('click', async () => {
    isRevoking = true;
    render();
    const result = await bff.revokeConnectedApp(connectedApp.connected_app_id);
    isRevoking = false;
    render();
    await onResult(connectedApp, result);
    // Still on the page (the revoke failed): keep keyboard focus where the user left it.
    if (button.isConnected) button.focus();
  });

  render();
  return button;
}
