import type { ChatSession } from '../chat/session';
import type { AccessToken, Transport } from '../transport/types';
import { resolveLanguage } from '../ui/i18n-core';
import launcherCss from '../ui/launcher.css?inline';
import { renderStandIn, type StandIn } from '../ui/stand-in';
import type { ViewOptions } from '../ui/view';
import { parseApiUrl, parseDeviceId } from './attributes';
import { ReflectedAttributes } from './reflected-attributes';
import { emit } from './events';
import type { RunningChat } from './chat';
import { type ChatModule, loadChat, useLanguage } from './load-chat';
import { whenReturning } from './returning';
import { adoptSheet } from '../lib/sheet';
import { rememberedTheme } from './theme-memory';

export type { ParleyChatEventMap } from './events';

/**
 * `<parley-chat>`: attributes and properties in, one chat session per element, DOM events out.
 *
 * The element itself is light: before the visitor shows intent it only shows the launcher (stand-in.ts) and takes
 * calls; the chat (session, transport, UI: chat.ts) loads on intent, on open, on any call that needs it, at once in
 * the inline and fullscreen modes, and at idle time for a returning visitor. Calls made before it has loaded wait for
 * it, in order. A chat that cannot load leaves the launcher saying so; it loads again on the next try or when the
 * browser is back online, and nothing waiting is lost.
 *
 * Moving the element (SPAs re-parent nodes) keeps its session: unmounting waits a microtask and is skipped
 * when the element is connected again by then.
 */
export class ParleyChatElement extends ReflectedAttributes {
  #root = this.attachShadow({ mode: 'open' });
  #container = this.#root.appendChild(document.createElement('div')); // the chat renders here once loaded
  /** The launcher's sheet, once added: takes the account's theme remembered from an earlier page. */
  #setLauncherTheme: ((rule?: string) => void) | null = null;
  #setTheme: ((rule?: string) => void) | null = null;
  /** The storage key of the started element (null: not started, or no usable api-url yet). */
  #storageKey: string | null = null;
  #standIn: StandIn | null = null;
  /** The chat module, once asked for; null again after it failed to load. */
  #chat: Promise<ChatModule> | null = null;
  #module: ChatModule | null = null;
  /** The visitor clicked the launcher before the chat had loaded: it opens once loaded. */
  #clicked = false;
  #running: RunningChat | null = null;
  #accessToken: AccessToken | undefined;
  #headers: Record<string, string> | undefined;
  #transport: Transport | undefined;
  #sessionWaiters: ((session: ChatSession) => void)[] = [];
  /** Connected, but the api-url is unusable: the chat starts when it gets a usable one. */
  #needsApiUrl = false;
  /** What `identify` was last given, for the chat when it starts. */
  #visitor: Readonly<Record<string, unknown>> | null = null;

  /** Sent as `Authorization: Bearer …`; a function is called again after a 401. Never an attribute. */
  get accessToken(): AccessToken | undefined {
    return this.#accessToken;
  }
  set accessToken(value: AccessToken | undefined) {
    this.#accessToken = value;
    this.#running?.session.setTransport(this.#makeTransport(this.#module!));
  }
  get headers(): Record<string, string> | undefined {
    return this.#headers;
  }
  set headers(value: Record<string, string> | undefined) {
    this.#headers = value;
    this.#running?.session.setTransport(this.#makeTransport(this.#module!));
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
  /**
   * Says who the visitor is, e.g. `{ name, email }` (plain strings; unverified, agents see them as such), or with
   * null forgets it (a logout). Kept until the chat starts; the device registers again when it changes. Loads
   * nothing by itself. Throws a TypeError for anything but an object or null.
   */
  identify(info: Readonly<Record<string, unknown>> | null): void {
    if (typeof info !== 'object' || Array.isArray(info)) throw new TypeError('identify() takes an object or null.');
    this.#visitor = info;
    this.#running?.session.identify(info);
  }
  /** Forgets the device id, cached history and outbox on this browser and starts a fresh, anonymous conversation. */
  async reset(): Promise<void> {
    return (await this.#whenSession()).reset();
  }

  connectedCallback(): void {
    // Properties are often set right after the element is added; start once they are in. A moved element still has
    // its session and keeps everything.
    queueMicrotask(() => this.isConnected && this.#storageKey === null && !this.#needsApiUrl && this.#start());
  }

  disconnectedCallback(): void {
    queueMicrotask(() => !this.isConnected && this.#teardown());
  }

  attributeChangedCallback(name: string, previous: string | null, value: string | null): void {
    if (previous === value) return;
    const started = this.#storageKey !== null;
    // Also on a connected element that could not start (no usable api-url yet): it starts when it gets one.
    if (name === 'api-url' || name === 'device-id') (started || this.#needsApiUrl) && this.#restart();
    else if (name === 'open') {
      if (value === null) this.#running?.session.close();
      else if (this.#running) this.#running.session.open();
      else this.#load();
    } else if (name === 'lang' && this.#chat) {
      // The new language shows once its strings are in (English if they cannot load).
      const update = () => this.#running?.update(this.#viewOptions());
      this.#running?.session.setTransport(this.#makeTransport(this.#module!));
      this.#chat.then((chat) => useLanguage(chat, resolveLanguage(value))).then(update, update);
    } else if (this.#running) this.#running.update(this.#viewOptions());
    else if (started) this.#showLauncher(); // in the new mode, position or language
  }

  /**
   * The `transport` property, or the build's backend (Parley's, or Kommunicate's in that build) for a valid
   * `api-url` (only called once that is checked).
   */
  #makeTransport(chat: ChatModule): Transport {
    return (
      this.#transport ??
      chat.createTransport({
        apiUrl: parseApiUrl(this.apiUrl)!,
        accessToken: this.#accessToken,
        // The backend answers its own texts (the pinned notice, the welcome) in the widget's language.
        headers: { 'Accept-Language': resolveLanguage(this.lang), ...this.#headers },
      })
    );
  }

  #nonce(): string | null {
    // Browsers blank a nonce attribute on pages with a CSP header and keep the value in the property.
    return this.nonce || this.getAttribute('nonce');
  }

  /** Shows the launcher and decides when the chat loads. */
  #start(): void {
    // With the transport property, api-url only names the stored state and need not be a URL.
    const storageKey = this.#transport ? `transport:${this.apiUrl}` : parseApiUrl(this.apiUrl);
    this.#needsApiUrl = !storageKey;
    if (!storageKey) return; // parseApiUrl warned
    this.#storageKey = storageKey;
    this.#setLauncherTheme ??= adoptSheet(this.#root, this.#nonce(), launcherCss);
    this.#setLauncherTheme(rememberedTheme(storageKey));
    this.#showLauncher();
    whenReturning(storageKey, parseDeviceId(this.deviceId), () => this.#load());
    emit(this, 'parley-ready', {});
  }

  /** The stand-in launcher, or the chat at once: in the inline and fullscreen modes, when open, when called. */
  #showLauncher(): void {
    this.#standIn?.remove();
    this.#standIn = null;
    if (this.mode === 'launcher' && !this.open && !this.#sessionWaiters.length) this.#showStandIn();
    else this.#load();
  }

  #showStandIn(): void {
    const { lang, position } = this.#viewOptions();
    const standIn = renderStandIn(this.#root, lang, position, {
      intent: () => this.#load(),
      click: () => {
        if (this.#running) return this.show(); // the chat came while the pointer was down (StandIn.retire)
        this.#clicked = true;
        standIn.busy(true);
        this.#load();
      },
    });
    this.#standIn = standIn;
  }

  /** Starts the chat, loading its module the first time (or again after it failed to load). */
  #load(): void {
    const storageKey = this.#storageKey;
    if (storageKey === null || this.#running) return;
    this.#chat ??= loadChat(resolveLanguage(this.lang)).catch((error: unknown) => {
      this.#chat = null;
      this.#standIn?.failed();
      // Whoever waits (a click, a call) is still waiting: the next try, or the network's return, loads again.
      if (this.#clicked || this.#sessionWaiters.length) addEventListener('online', () => this.#load(), { once: true });
      throw error;
    });
    this.#chat.then(
      (chat) => this.#storageKey === storageKey && !this.#running && this.#startChat(chat, storageKey),
      () => undefined,
    );
  }

  #startChat(chat: ChatModule, storageKey: string): void {
    this.#module = chat;
    this.#setTheme ??= adoptSheet(this.#root, this.#nonce(), chat.chatStyles);
    const options = {
      transport: this.#makeTransport(chat),
      storageKey,
      deviceId: parseDeviceId(this.deviceId),
      visitor: this.#visitor,
      // A transport of the host's own carries its credentials itself.
      signedIn: () => Boolean(this.#transport || this.#accessToken),
    };
    this.#running = chat.runChat(this, this.#container, options, this.#setTheme, this.#viewOptions());
    const { session } = this.#running;
    this.#standIn?.retire();
    this.#standIn = null;
    // Opened as the chat's own launcher opens it, so the text field takes the focus.
    if (this.#clicked) this.show();
    this.#clicked = false;
    this.#sessionWaiters.splice(0).forEach((resolve) => resolve(session));
  }

  /** The view's options from the attributes; the inline mode has no launcher, so its chat is always open. */
  #viewOptions(): ViewOptions {
    const mode = this.mode;
    if (mode === 'inline') this.#running?.session.open();
    return { mode, lang: resolveLanguage(this.lang), position: this.position };
  }

  #teardown(): void {
    this.#running?.stop();
    this.#standIn?.remove();
    this.#running = this.#standIn = this.#storageKey = null;
    this.#clicked = false;
  }

  #restart(): void {
    this.#teardown();
    this.#start();
  }

  async #whenSession(): Promise<ChatSession> {
    if (this.#running) return this.#running.session;
    const session = new Promise<ChatSession>((resolve) => this.#sessionWaiters.push(resolve));
    this.#load();
    return session;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'parley-chat': ParleyChatElement;
  }
}
