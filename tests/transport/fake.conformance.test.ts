// The in-memory fake transport of the session and element tests (tests/helpers/fake-transport.ts) passes the same
// contract as the real adapters, so what those tests prove holds for a backend that keeps it.
import { TransportError } from '../../src/transport/types';
import { FakeTransport, type FakeStyle } from '../helpers/fake-transport';
import { type Fault, transportConformance } from './conformance';

let fake: FakeTransport;

const ERRORS: Record<Exclude<Fault['kind'], 'slow'>, (fault: Fault) => TransportError> = {
  server: () => new TransportError('server', 'fake server error'),
  rateLimited: (fault) =>
    new TransportError('rateLimited', 'fake rate limit', {
      retryAfterMs: (fault as { retryAfterS: number }).retryAfterS * 1000,
    }),
  notRegistered: () => new TransportError('notRegistered', 'fake: device not registered'),
  unauthorized: () => new TransportError('unauthorized', 'fake: who are you?'),
  dropped: () => new TransportError('network', 'fake: the connection closed'),
};

for (const style of ['parley', 'neutral'] satisfies FakeStyle[])
  transportConformance(`the in-memory fake, ${style} style`, {
    transport: () => (fake = new FakeTransport(style)),
    seed: async (_deviceId, count) => {
      for (let i = 1; i <= count; i++) fake.addUserMessage(`Message ${i}`);
    },
    agentWrites: async (_deviceId, text) => void fake.addAgentMessage(text),
    fault: async (fault) => {
      if (fault.kind !== 'slow') fake.failNextCall(ERRORS[fault.kind](fault));
    },
    // It answers at once or as the test holds it; giving up after a while is a real adapter's job.
    timesOut: false,
    seen: true,
  });
