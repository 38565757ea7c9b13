import { columnOf, LAUNCHER_TABLE } from './i18n-core';
import type { Position } from './view';

/** The chat icon's path (icons.tsx draws the same icon for the chat's own launcher). */
export const CHAT_ICON = 'M4 5h16v11H9l-5 4z';

const SVG = 'http://www.w3.org/2000/svg';

/** Pointer over, focus on or a touch of the launcher: the visitor may open the chat. */
const INTENT = ['pointerover', 'focus', 'touchstart'] as const;

export interface StandIn {
  button: HTMLButtonElement;
  /** Waiting for the chat (a click came before it loaded), or not. */
  busy(on: boolean): void;
  /** The chat could not load: says so beside the button, until `busy` or `remove`. */
  failed(): void;
  remove(): void;
  /**
   * Gives way to the chat's own launcher, passing the focus on. Not while a pointer is down on it: the press would
   * end on another element and its click be lost; it goes after that click.
   */
  retire(): void;
}

export interface StandInHandlers {
  intent(): void;
  click(): void;
}

/**
 * The launcher the loader shows before the chat has loaded: the same button as Launcher.tsx (same part, classes and
 * name, so the page looks and reads the same when the chat takes over), in plain DOM, without Preact.
 */
export function renderStandIn(container: ParentNode, lang: string, position: Position, on: StandInHandlers): StandIn {
  const t = (key: keyof typeof LAUNCHER_TABLE) => LAUNCHER_TABLE[key][columnOf(lang)]!;
  const root = container.appendChild(document.createElement('div'));
  root.className = `root launcher ${position}`;
  root.lang = lang;
  const button = root.appendChild(document.createElement('button'));
  Object.assign(button, { type: 'button', className: 'launch' });
  button.setAttribute('part', 'launcher');
  button.setAttribute('aria-label', t('openChat'));
  button.setAttribute('aria-expanded', 'false');
  const svg = button.appendChild(document.createElementNS(SVG, 'svg'));
  for (const [name, value] of [
    ['viewBox', '0 0 24 24'],
    ['width', '24'],
    ['height', '24'],
    ['aria-hidden', 'true'],
  ])
    svg.setAttribute(name!, value!);
  const path = svg.appendChild(document.createElementNS(SVG, 'path'));
  const stroke = { d: CHAT_ICON, fill: 'none', stroke: 'currentColor', 'stroke-width': '2', 'stroke-linecap': 'round' };
  for (const [name, value] of Object.entries({ ...stroke, 'stroke-linejoin': 'round' })) path.setAttribute(name, value);
  let down = false;
  for (const [type, state] of [
    ['pointerdown', true],
    ['pointerup', false],
    ['pointercancel', false],
  ] as const)
    button.addEventListener(type, () => (down = state));
  for (const type of INTENT) button.addEventListener(type, on.intent, { passive: true });
  button.addEventListener('click', on.click);
  let notice: HTMLElement | null = null;
  const clearNotice = () => {
    notice?.remove();
    notice = null;
  };
  const retire = (): void => {
    if (down) {
      const later = () => setTimeout(retire);
      for (const type of ['click', 'pointercancel']) button.addEventListener(type, later, { once: true });
      return;
    }
    const focused = (button.getRootNode() as ShadowRoot | Document).activeElement === button;
    root.remove();
    if (focused) container.querySelector<HTMLElement>('[part~="launcher"]')?.focus();
  };
  return {
    button,
    busy(waiting) {
      button.setAttribute('aria-busy', String(waiting));
      if (waiting) clearNotice();
    },
    failed() {
      button.setAttribute('aria-busy', 'false');
      notice ??= root.appendChild(document.createElement('p'));
      Object.assign(notice, { className: 'load-error', textContent: t('loadFailed') });
      notice.setAttribute('role', 'alert');
    },
    remove: () => root.remove(),
    retire,
  };
}
