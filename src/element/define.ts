import { ParleyChatElement } from './ParleyChatElement';

/** Registers `<parley-chat>`. Safe to call any number of times, also when another copy of the widget did it first. */
export function defineParleyChat(): void {
  if (!customElements.get('parley-chat')) customElements.define('parley-chat', ParleyChatElement);
}
