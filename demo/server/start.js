#!/usr/bin/env node
// @ts-check
// `node demo/server/start.js`: the demo pages, the agent console, the Parley-compatible API and the Kommunicate fake
// (with its example proxy) on one port.
// Environment: PORT (default 5180), HOST (default 127.0.0.1; 0.0.0.0 to let a phone on the LAN connect),
// PARLEY_DEV_TOKEN (require `Authorization: Bearer <token>`), PARLEY_WELCOME_MESSAGE (a root `welcomeMessage` on every
// message list), DEBUG (log one line per API request).

import { networkInterfaces } from 'node:os';
import { listen } from './server.js';

const port = Number(process.env.PORT ?? 5180);
const host = process.env.HOST ?? '127.0.0.1';

let running;
try {
  running = await listen({
    port,
    host,
    requireToken: process.env.PARLEY_DEV_TOKEN || null,
    welcomeMessage: process.env.PARLEY_WELCOME_MESSAGE || undefined,
  });
} catch (error) {
  const code = /** @type {{ code?: string }} */ (error).code;
  console.error(
    code === 'EADDRINUSE' ? `Port ${port} is in use: set PORT to another one, e.g. PORT=5181 npm run demo` : error,
  );
  process.exit(1);
}

const shown = ['127.0.0.1', '0.0.0.0', '::', '::1', 'localhost'].includes(host) ? 'localhost' : host;
const base = `http://${shown.includes(':') ? `[${shown}]` : shown}:${running.port}`;
const lines = [
  'parley-chat demo',
  `  website (script tag):   ${base}/                  (Parley)`,
  `  website on Kommunicate: ${base}/kommunicate.html  (through the proxy)`,
  `  inline mode:            ${base}/inline.html`,
  `  fullscreen (WebView):   ${base}/fullscreen.html`,
  `  agent console:          ${base}/agent.html`,
  `  Parley API:             ${base}/parley`,
  `  Kommunicate fake:       ${base}/kommunicate (Api-Key dev-kommunicate-key)`,
  `  Kommunicate via proxy:  ${base}/kommunicate-proxy (the widget's api-url)`,
];
if (host === '0.0.0.0' || host === '::') {
  for (const address of Object.values(networkInterfaces()).flat()) {
    if (address && address.family === 'IPv4' && !address.internal) {
      lines.push(`  on your network:        http://${address.address}:${running.port}/fullscreen.html`);
    }
  }
}
if (process.env.PARLEY_DEV_TOKEN) lines.push('  (the API requires Authorization: Bearer $PARLEY_DEV_TOKEN)');
console.log(lines.join('\n'));

let stopping = false;
const stop = () => {
  if (stopping) process.exit(1); // a second Ctrl-C: do not wait
  stopping = true;
  running.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
