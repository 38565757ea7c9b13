import type { Mode, Position } from '../ui/view';
import { ATTRIBUTES, parseMode, parsePosition } from './attributes';

/**
 * The properties of `<parley-chat>` that reflect its attributes (ParleyChatElement.ts acts on their changes).
 * `lang` and `nonce` are HTMLElement's own, which reflect their attributes already.
 */
export class ReflectedAttributes extends HTMLElement {
  static get observedAttributes(): readonly string[] {
    return ATTRIBUTES;
  }

  get apiUrl(): string {
    return this.getAttribute('api-url') ?? '';
  }
  set apiUrl(value: string) {
    this.setAttribute('api-url', value);
  }
  get deviceId(): string {
    return this.getAttribute('device-id') ?? '';
  }
  set deviceId(value: string) {
    this.setAttribute('device-id', value);
  }
  get mode(): Mode {
    return parseMode(this.getAttribute('mode'));
  }
  set mode(value: string) {
    this.setAttribute('mode', value);
  }
  get position(): Position {
    return parsePosition(this.getAttribute('position'));
  }
  set position(value: string) {
    this.setAttribute('position', value);
  }
  get open(): boolean {
    return this.hasAttribute('open');
  }
  set open(value: boolean) {
    this.toggleAttribute('open', Boolean(value));
  }
}
