// Tiny DOM helpers. Data from the BFF only ever goes in through textContent, never as HTML.

export const $ = (id) => document.getElementById(id);

export function show(element, visible = true) {
  element.hidden = !visible;
}

export function setText(element, text) {
  element.textContent = text ?? '';
  return element;
}

/** Replaces the children of `element` with text and elements (strings become text nodes). */
export function fill(element, ...parts) {
  element.replaceChildren(...parts.filter((p) => p !== null && p !== undefined && p !== false));
  return element;
}

export function el(tag, { className, text, attrs } = {}, ...children) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  for (const [name, value] of Object.entries(attrs ?? {})) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

export function code(text) {
  return el('code', { text });
}

/**
 * A name that came from Stytch (an app's name, the user's name), isolated in <bdi>: a direction override in it
 * (U+202E…) cannot reorder the text around it.
 */
export function bdi(text) {
  return el('bdi', { text: text ?? '' });
}

/**
 * `table[key]` when the table itself has that key, else `fallback`: a look-up that never reaches Object.prototype
 * (`constructor`, `__proto__`, `toString`…), whatever the key (a query parameter, a value from Stytch).
 */
export function lookup(table, key, fallback) {
  return typeof key === 'string' && Object.hasOwn(table, key) ? table[key] : fallback;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDate(value) {
  if (!value) return '—';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : dateTime.format(date);
}

/** Stytch's request_id (when Stytch answered) and the BFF's own request id of a problem, for a support request. */
export function requestIds(problem) {
  const parts = [];
  if (problem?.request_id) parts.push(' Stytch request_id: ', code(problem.request_id), '.');
  if (problem?.bff_request_id) parts.push(' BFF request id: ', code(problem.bff_request_id), '.');
  return parts;
}
