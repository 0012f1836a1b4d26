// How the SPA names a Connected App, on the Connected apps list and on the consent page. Text only.
import { lookup } from './dom.js';

export const CLIENT_TYPES = Object.freeze({
  first_party: 'First-party app',
  first_party_public: 'First-party app (public client)',
  third_party: 'Third-party app',
  third_party_public: 'Third-party app (public client)',
});

export function describeClientType(type) {
  return lookup(CLIENT_TYPES, type, String(type ?? 'Unknown type'));
}

/** Up to two letters for the avatar of an app without a logo. */
export function initials(name) {
  return String(name ?? '?').split(/\s+/).filter(Boolean).slice(0, 2).map((w) => [...w][0].toUpperCase()).join('') || '?';
}

/** The logo URL if it is https (anything else is not shown: no http, data:, javascript: or relative URLs), else null. */
export function httpsUrl(value) {
  if (typeof value !== 'string' || value === '') return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * The URL, unchanged, if it is absolute http(s), else null: what the SPA is willing to link to or navigate to (the
 * consent page's redirect, exactly as Stytch returned it).
 */
export function httpUrl(value) {
  if (typeof value !== 'string' || value === '') return null;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? value : null;
  } catch {
    return null;
  }
}
