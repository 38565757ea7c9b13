// The script-tag entry (dist/parley-chat.js): registers <parley-chat>, mounts one from the script's own data-*
// attributes when the page has none, and sets window.ParleyChat. Loading it twice changes nothing.
import { ATTRIBUTES } from './element/attributes';
import { defineParleyChat } from './element/define';
import { createGlobalApi, type ParleyChatGlobal } from './element/global-api';

declare global {
  interface Window {
    ParleyChat?: ParleyChatGlobal;
  }
}

const script = document.currentScript as HTMLScriptElement | null;

function autoMount(): void {
  if (!script?.dataset.apiUrl || document.querySelector('parley-chat')) return;
  const element = document.createElement('parley-chat');
  // A CSP nonce of the script tag carries over to the fallback <style> of old WebViews (data-nonce overrides it).
  if (script.nonce) element.setAttribute('nonce', script.nonce);
  for (const name of ATTRIBUTES) {
    const value = script.getAttribute(`data-${name}`);
    if (value !== null) element.setAttribute(name, value);
  }
  document.body.append(element);
}

defineParleyChat();
window.ParleyChat ??= createGlobalApi();
if (document.body) autoMount();
else document.addEventListener('DOMContentLoaded', autoMount, { once: true });
