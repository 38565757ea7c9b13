// @vitest-environment node
// The Parley adapter against the dev server (demo/server/, a fresh one per test), through Node's own fetch.
import { beforeEach } from 'vitest';
import { createParleyTransport } from '../../../src/transport/parley';
import { call, startServer } from '../../demo-server/helpers';
import { type Fault, transportConformance } from '../conformance';

let url = '';
beforeEach(async () => {
  url = (await startServer()).url;
});

const FAULTS: Record<Fault['kind'], (fault: Fault) => object> = {
  server: () => ({ status: 500 }),
  rateLimited: (fault) => ({
    status: 429,
    headers: { 'Retry-After': String((fault as { retryAfterS: number }).retryAfterS) },
  }),
  notRegistered: () => ({
    status: 400,
    body: { status: 'ERROR', notifications: [{ type: 'error', message: 'device_not_registered' }] },
  }),
  unauthorized: () => ({
    status: 401,
    body: { status: 'ERROR', notifications: [{ type: 'error', message: 'device_requires_authorization' }] },
  }),
  dropped: () => ({ drop: true }),
  slow: (fault) => ({ delayMs: (fault as { delayMs: number }).delayMs }),
};

transportConformance('Parley, against the dev server', {
  transport: ({ timeoutMs }) => createParleyTransport({ apiUrl: `${url}/parley`, timeoutMs }),
  seed: async (deviceId, count) => void (await call(url, 'POST', `/webcare/conversations/${deviceId}/seed`, { count })),
  agentWrites: async (deviceId, text) =>
    void (await call(url, 'POST', `/webcare/conversations/${deviceId}/replies`, { message: text })),
  fault: async (fault) => void (await call(url, 'POST', '/__control/faults', FAULTS[fault.kind](fault))),
  timesOut: true,
  seen: true,
});
