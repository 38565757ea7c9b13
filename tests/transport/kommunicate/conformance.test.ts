// @vitest-environment node
// The Kommunicate adapter against the dev server (demo/server/, a fresh one per test) through its example proxy at
// `/kommunicate-proxy`, as a site would use it. Seeds and agent messages go through the fake's agent routes
// (`message/v2/send` with the Api-Key), faults through `/__control/faults` on the fake behind the proxy.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach } from 'vitest';
import { createKommunicateTransport } from '../../../src/transport/kommunicate';
import { call, KOMMUNICATE_KEY, startServer } from '../../demo-server/helpers';
import { type Fault, transportConformance } from '../conformance';

let url = '';
let front: { server: Server; url: string; dropNext: boolean } | null = null;

/**
 * A front end before the dev server that can drop the visitor's connection. A connection the fake drops reaches
 * the visitor as the proxy's 502 (an answer: `server`); a lost connection is one between the browser and the proxy.
 */
async function startFront(target: string) {
  const state = { dropNext: false };
  const server = createServer((req, res) => {
    if (state.dropNext) {
      state.dropNext = false;
      req.socket.destroy();
      return;
    }
    const upstream = request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, { server, url: `http://127.0.0.1:${port}` });
}

beforeEach(async () => {
  url = (await startServer()).url;
  front = await startFront(url);
});
afterEach(async () => {
  await new Promise((resolve) => front?.server.close(resolve));
  front = null;
});

const fault = (rule: object) => call(url, 'POST', '/__control/faults', { api: 'kommunicate', ...rule });
const FAULTS: Record<Fault['kind'], (fault: Fault) => Promise<unknown>> = {
  server: () => fault({ status: 500 }),
  rateLimited: (f) =>
    fault({ status: 429, headers: { 'Retry-After': String((f as { retryAfterS: number }).retryAfterS) } }),
  notRegistered: () =>
    fault({
      status: 200,
      body: { status: 'error', errorResponse: [{ errorCode: 'AL-G-01', description: 'group not found' }] },
    }),
  // The fake's answer to a bad Api-Key: 401 with AL-UN-01.
  unauthorized: () => fault({ status: 401 }),
  dropped: async () => void (front!.dropNext = true),
  slow: (f) => fault({ delayMs: (f as { delayMs: number }).delayMs }),
};

/** As the agent (or, for a seed, as the visitor), into the visitor's group by its clientGroupId. */
const agentSend = (deviceId: string, message: string, fromUserName = 'agent-sam') =>
  fetch(`${url}/kommunicate/rest/ws/message/v2/send`, {
    method: 'POST',
    headers: { 'Api-Key': KOMMUNICATE_KEY, 'Content-Type': 'application/json' },
    body: JSON.stringify({ clientGroupId: `pc-${deviceId}`, message, fromUserName }),
  }).then((response) => {
    if (!response.ok) throw new Error(`v2/send: ${response.status}`);
  });

transportConformance('Kommunicate, through the example proxy, against the dev server', {
  transport: ({ timeoutMs }) => createKommunicateTransport({ apiUrl: `${front!.url}/kommunicate-proxy`, timeoutMs }),
  seed: async (deviceId, count) => {
    for (let i = 1; i <= count; i++) await agentSend(deviceId, `Message ${i}`, deviceId);
  },
  agentWrites: (deviceId, text) => agentSend(deviceId, text),
  fault: (f) => FAULTS[f.kind](f).then(() => undefined),
  timesOut: true,
  // Kommunicate lists a message's `delivered` and `read` and a user's `unreadCount`; the adapter uses none yet.
  seen: false,
});
