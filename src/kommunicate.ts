// The ESM entry `parley-chat/kommunicate`: the Kommunicate transport, for the element's `transport` property or a
// headless session. A separate entry, so that a Parley site's bundle never carries it.
export {
  createKommunicateTransport,
  type KommunicateTransport,
  type KommunicateTransportOptions,
} from './transport/kommunicate';
