import { createChatSession, type ChatSession } from '../chat/session';
import { createParleyTransport } from '../transport/parley';
import type { AccessToken, Transport } from '../transport/types';
import type { Mode, Position, ViewOptions } from '../ui/view';
import { resolveLanguage } from '../ui/i18n';
import { mountChat } from '../ui/mount';
import { ATTRIBUTES, parseApiUrl, parseDeviceId, parseMode, parsePosition } from './attributes';
import { adoptStyles } from './styles';
import { emit, wireSession } from './wiring';

export type { ParleyChatEventMap } from './wiring';

/**
 * `<parley-chat>`: attributes and properties in, one chat session per element, DOM events out.
 * Moving the element (SPAs re-parent nodes) keeps its session: unmounting waits a microtask and is skipped
 * when the element is connected again by then.
 */
export class ParleyChatElement extends HTMLElement {
  static get observedAttributes(): readonly string[] {
    return ATTRIBUTES;
  }

  #root = this.attachShadow({ mode: 'open' });
  #container = this.#root.appendChild(document.createElement('div')); // the chat renders here once started
  #setTheme: ReturnType<typeof adoptStyles> | null = null;
  #session: ChatSession | null = null;
  #ui: ReturnType<typeof mountChat> | null = null;
  #stop: (() => void)[] = [];
  #accessToken: AccessToken | undefined;
  #headers: Record<string, string> | undefined;
  #transport: Transport | undefined;
  #sessionWaiters: ((session: ChatSession) => void)[] = [];
  /** Connected, but the api-url is unusable: the chat starts when it gets a usable one. */
  #needsApiUrl = false;

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
  // `lang` and `nonce` are HTMLElement's own properties, which reflect their attributes already.
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

  /** Sent as `Authorization: Bearer …`; a function is called again after a 401. Never an attribute. */
  get accessToken(): AccessToken | undefined {
    return this.#accessToken;
  }
  set accessToken(value: AccessToken | undefined) {
    this.#accessToken = value;
    this.#session?.setTransport(this.#makeTransport());
  }
  get headers(): Record<string, string> | undefined {
    return this.#headers;
  }
  set headers(value: Record<string, string> | undefined) {
    this.#headers = value;
    this.#session?.setTransport(this.#makeTransport());
  }
  /** A `Transport` that replaces the built-in Parley one. */
  get transport(): Transport | undefined {
    return this.#transport;
  }
  set transport(value: Transport | undefined) {
    this.#transport = value;
    if (this.isConnected) this.#restart();
  }

  show(): void {
    this.open = true;
  }
  hide(): void {
    this.open = false;
  }
  toggle(): void {
    this.open = !this.open;
  }
  /** Sends a text message; resolves when the server confirmed it. */
  async send(text: string): Promise<void> {
    return (await this.#whenSession()).send(text);
  }
  /**
   * Sends an image (JPEG, PNG, GIF or WebP; scaled down when over the limits) the host picked itself, e.g. from
   * an Android app's file chooser. Rejects with an ImageRejectedError for anything else.
   */
  async sendImage(file: Blob): Promise<void> {
    return (await this.#whenSession()).sendImage(file);
  }
  /** Forgets the device id, cached history and outbox on this browser and starts a fresh, anonymous conversation. */
  async reset(): Promise<void> {
    return (await this.#whenSession()).reset();
  }

  connectedCallback(): void {
    // Properties are often set right after the element is added; start once they are in. A moved element still has
    // its session and keeps everything.
    queueMicrotask(() => this.isConnected && !this.#session && this.#start());
  }

  disconnectedCallback(): void {
    queueMicrotask(() => !this.isConnected && this.#teardown());
  }

  attributeChangedCallback(name: string, previous: string | null, value: string | null): void {
    if (previous === value) return;
    // Also on a connected element that could not start (no usable api-url yet): it starts when it gets one.
    if (name === 'api-url' || name === 'device-id') (this.#session || this.#needsApiUrl) && this.#restart();
    else if (name === 'open') value === null ? this.#session?.close() : this.#session?.open();
    else this.#ui?.update(this.#viewOptions());
  }

  /** The `transport` property, or the Parley transport for a valid `api-url` (only called once that is checked). */
  #makeTransport(): Transport {
    return (
      this.#transport ??
      // Not inlined by the minifier: the transport's code stays beside the strings it shares, in gzip's window.
      /*@__NOINLINE__*/ createParleyTransport({
        apiUrl: parseApiUrl(this.apiUrl)!,
        accessToken: this.#accessToken,
        headers: this.#headers,
      })
    );
  }

  #start(): void {
    // With the transport property, api-url only names the stored state and need not be a URL.
    const storageKey = this.#transport ? `transport:${this.apiUrl}` : parseApiUrl(this.apiUrl);
    this.#needsApiUrl = !storageKey;
    if (!storageKey) return; // parseApiUrl warned
    const session = createChatSession({
      transport: this.#makeTransport(),
      storageKey,
      deviceId: parseDeviceId(this.deviceId),
    });
    this.#session = session;
    // Browsers blank a nonce attribute on pages with a CSP header and keep the value in the property.
    this.#setTheme ??= adoptStyles(this.#root, this.nonce || this.getAttribute('nonce'));

    if (this.open) session.open();
    this.#stop = wireSession(this, session, this.#setTheme);
    this.#ui = mountChat(this.#container, session, this.#viewOptions());
    this.#sessionWaiters.splice(0).forEach((resolve) => resolve(session));
    void session.ready.then(() => this.#session === session && emit(this, 'parley-ready', {}));
  }

  /** The view's options from the attributes; the inline mode has no launcher, so its chat is always open. */
  #viewOptions(): ViewOptions {
    const mode = this.mode;
    if (mode === 'inline') this.#session?.open();
    return { mode, lang: resolveLanguage(this.lang), position: this.position };
  }

  #teardown(): void {
    this.#stop.splice(0).forEach((stop) => stop());
    this.#ui?.unmount();
    this.#session?.dispose();
    this.#ui = this.#session = null;
  }

  #restart(): void {
    this.#teardown();
    this.#start();
  }

  async #whenSession(): Promise<ChatSession> {
    return this.#session ?? new Promise((resolve) => this.#sessionWaiters.push(resolve));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-chat': ParleyChatElement;
  }
}
