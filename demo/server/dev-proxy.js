// @ts-check
// The example Kommunicate proxy (demo/kommunicate-proxy.js) as the dev server mounts it at `/kommunicate-proxy`:
// forwarding over HTTP to this same server's `/kommunicate`, so what the fake answers (and the faults injected
// there) reaches the widget as a site owner's proxy would pass it on.

import { createKommunicateProxy } from '../kommunicate-proxy.js';

/** @typedef {import('node:http').IncomingMessage} Request */
/** @typedef {import('node:http').ServerResponse} Response */

/**
 * @param {string} apiKey the fake's Api-Key
 * @returns {(req: Request, res: Response) => void} req.url: the path below `/kommunicate-proxy`
 */
export function createDevProxy(apiKey) {
  /** @type {Map<string, (req: Request, res: Response) => void>} one proxy per address the server is reached on */
  const proxies = new Map();
  return (req, res) => {
    const origin = localOrigin(req.socket);
    let proxy = proxies.get(origin);
    if (!proxy) {
      proxy = createKommunicateProxy({ upstream: `${origin}/kommunicate`, apiKey });
      proxies.set(origin, proxy);
    }
    proxy(req, res);
  };
}

/**
 * This server's own address, as the request's connection reached it.
 * @param {import('node:net').Socket} socket
 */
function localOrigin(socket) {
  const address = (socket.localAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  return `http://${address.includes(':') ? `[${address}]` : address}:${socket.localPort}`;
}
