// @ts-check
// The dev server as Vite middleware.

import { createDevServer } from './handler.js';

/** @typedef {import('./handler.js').DevServerOptions} DevServerOptions */

/**
 * The dev server as a Vite plugin: `plugins: [parleyDevServerPlugin()]` mounts the APIs on Vite's dev and
 * preview servers. Static files stay Vite's unless `serveStatic: true`.
 * @param {DevServerOptions} [options]
 * @returns {import('vite').Plugin}
 */
export function parleyDevServerPlugin(options = {}) {
  /** @param {import('vite').ViteDevServer | import('vite').PreviewServer} server */
  const mount = (server) => {
    const dev = createDevServer({ serveStatic: false, ...options });
    server.middlewares.use(dev.handler);
    server.httpServer?.once('close', () => dev.close());
  };
  return {
    name: 'parley-dev-server',
    configureServer: mount,
    configurePreviewServer: mount,
  };
}
