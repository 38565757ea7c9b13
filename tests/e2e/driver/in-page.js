// @ts-check
// The half of the driver that runs inside the page, the same in every engine: finding elements by a locator's
// steps (through open shadow roots), reading them, and deciding where a click lands. The driver sends this
// function's source with each call (`(${inPage})()`), so it must not use anything from outside its body.

/**
 * A locator's path from the document: each step narrows the elements found so far.
 * @typedef {{ css: string }
 *   | { role: string, name?: TextMatch, exact?: boolean }
 *   | { hasText: TextMatch }
 *   | { has: Step[] }
 *   | { nth: number }} Step
 * @typedef {string | { source: string, flags: string }} TextMatch a substring (any case), or a RegExp
 */

export function inPage() {
  /**
   * Every element below `scope` in tree order, through open shadow roots (a host's shadow tree before its
   * children).
   * @param {ParentNode} scope
   * @returns {Element[]}
   */
  const below = (scope) => {
    /** @type {Element[]} */
    const found = [];
    /** @param {ParentNode} node */
    const walk = (node) => {
      for (const child of node.children) {
        found.push(child);
        if (child.shadowRoot) walk(child.shadowRoot);
        walk(child);
      }
    };
    if (scope instanceof Element && scope.shadowRoot) walk(scope.shadowRoot);
    walk(scope);
    return found;
  };

  /** @param {string | null | undefined} text */
  const normal = (text) => (text ?? '').replace(/\s+/g, ' ').trim();

  /**
   * @param {TextMatch} match
   * @param {string} text
   * @param {boolean} [exact]
   */
  const matchesText = (match, text, exact = false) => {
    if (typeof match !== 'string') return new RegExp(match.source, match.flags).test(text);
    return exact ? normal(text) === normal(match) : normal(text).toLowerCase().includes(normal(match).toLowerCase());
  };

  /** The implicit ARIA roles the tests ask for; an explicit `role` wins. */
  const IMPLICIT = {
    button: 'button, input[type="button"], input[type="submit"], input[type="reset"]',
    textbox: 'textarea, input:not([type]), input[type="text"], input[type="email"], input[type="search"]',
  };

  /** @param {Element} el */
  const roleOf = (el) => {
    const explicit = el.getAttribute('role')?.trim().split(/\s+/)[0];
    if (explicit) return explicit;
    return Object.entries(IMPLICIT).find(([, css]) => el.matches(css))?.[0] ?? null;
  };

  /**
   * The accessible name, as far as the tests need: aria-labelledby, aria-label, a label, alt, a button's text, title
   * or placeholder.
   * @param {Element} el
   */
  const nameOf = (el) => {
    const root = /** @type {Document | ShadowRoot} */ (el.getRootNode());
    const labelledBy = el.getAttribute('aria-labelledby');
    if (labelledBy) {
      return normal(
        labelledBy
          .split(/\s+/)
          .map((id) => root.getElementById?.(id)?.textContent ?? '')
          .join(' '),
      );
    }
    const label = el.getAttribute('aria-label');
    if (label) return normal(label);
    const labels = /** @type {HTMLInputElement} */ (el).labels;
    if (labels?.length) return normal([...labels].map((l) => l.textContent).join(' '));
    if (el instanceof HTMLImageElement) return normal(el.alt);
    if (roleOf(el) === 'button') {
      const text = normal(el.textContent);
      if (text) return text;
    }
    return normal(el.getAttribute('title') ?? el.getAttribute('placeholder'));
  };

  /** @param {Element} el hidden from assistive technology (and so from getByRole) */
  const ariaHidden = (el) => Boolean(el.closest('[aria-hidden="true"]')) || el.getClientRects().length === 0;

  /**
   * @param {Step[]} steps
   * @param {ParentNode[]} [scopes]
   * @returns {Element[]}
   */
  const resolve = (steps, scopes = [document]) => {
    /** @type {ParentNode[]} */
    let found = scopes;
    for (const step of steps) {
      if ('css' in step) {
        found = [...new Set(found.flatMap((scope) => below(scope).filter((el) => el.matches(step.css))))];
      } else if ('role' in step) {
        const { role, name, exact } = step;
        found = [
          ...new Set(
            found.flatMap((scope) =>
              below(scope).filter(
                (el) =>
                  roleOf(el) === role &&
                  !ariaHidden(el) &&
                  (name === undefined || matchesText(name, nameOf(el), exact)),
              ),
            ),
          ),
        ];
      } else if ('hasText' in step) {
        found = found.filter((el) => matchesText(step.hasText, el.textContent ?? ''));
      } else if ('has' in step) {
        found = found.filter((el) => resolve(step.has, [el]).length > 0);
      } else {
        const el = found.at(step.nth);
        found = el ? [el] : [];
      }
    }
    return /** @type {Element[]} */ (found);
  };

  /** @param {Element} el */
  const isVisible = (el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  };

  /**
   * The topmost element at a point, through open shadow roots.
   * @param {number} x
   * @param {number} y
   */
  const elementAt = (x, y) => {
    let el = document.elementFromPoint(x, y);
    while (el?.shadowRoot) {
      const inner = el.shadowRoot.elementFromPoint(x, y);
      if (!inner || inner === el) break;
      el = inner;
    }
    return el;
  };

  /**
   * Where a click on `el` lands (viewport coordinates), scrolled into view first; or why it cannot yet.
   * @param {Element} el
   * @returns {{ x: number, y: number } | { wait: string }}
   */
  const clickPoint = (el) => {
    if (!isVisible(el)) return { wait: 'not visible' };
    if (el.matches(':disabled')) return { wait: 'disabled' };
    el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    const box = el.getBoundingClientRect();
    const x = Math.round(box.left + box.width / 2);
    const y = Math.round(box.top + box.height / 2);
    const hit = elementAt(x, y);
    if (hit && (hit === el || el.contains(hit) || el.shadowRoot?.contains(hit))) return { x, y };
    return { wait: `covered by <${hit?.localName ?? 'nothing'} part="${hit?.getAttribute('part') ?? ''}">` };
  };

  /**
   * Gives a text field `text` as typing would (one input event), replacing what it held.
   * @param {HTMLInputElement | HTMLTextAreaElement} el
   * @param {string} text
   */
  const fill = (el, text) => {
    el.focus();
    el.select();
    if (!document.execCommand(text ? 'insertText' : 'delete', false, text) || el.value !== text) {
      el.value = text;
      el.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertText', data: text }));
    }
  };

  /**
   * Hands files to a file input as a file picker does (input, then change).
   * @param {HTMLInputElement} el
   * @param {{ name: string, mimeType: string, base64: string }[]} files
   */
  const setFiles = (el, files) => {
    const transfer = new DataTransfer();
    for (const { name, mimeType, base64 } of files) {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], name, { type: mimeType }));
    }
    el.files = transfer.files;
    el.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
  };

  return { resolve, isVisible, clickPoint, fill, setFiles };
}
