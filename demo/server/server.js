// @ts-check
// The dev server on its own `node:http` server (start.js, the tests, the soak script).

import { createServer } from 'node:http';
import { createDevServer } from './handler.js';

/** @typedef {import('./handler.js').DevServerOptions} DevServerOptions */

/**
 * Starts the dev server on its own HTTP server. Port 0 picks a free port.
 * @param {DevServerOptions & { port?: number, host?: string }} [options]
 */
export async function listen(options = {}) {
  const { port = 0, host = '127.0.0.1', ...rest } = options;
  const dev = createDevServer(rest);
  const server = createServer(dev.handler);
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(undefined));
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${urlHost}:${actualPort}`;
  /** @type {Promise<void> | null} */
  let closing = null;
  return {
    /** e.g. `http://127.0.0.1:5180` */
    url,
    /** the widget's `api-url`: `${url}/parley` */
    apiUrl: `${url}/parley`,
    port: actualPort,
    server,
    store: dev.store,
    dev,
    /** Closes the server: idle keep-alive sockets at once, busy ones after a grace period. */
    close() {
      closing ??= new Promise((resolve) => {
        dev.close();
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 1000).unref();
      });
      return closing;
    },
  };
}
