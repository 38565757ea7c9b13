// The backend of the Kommunicate script-tag build (dist/parley-chat.kommunicate.js): `api-url` is the site owner's
// Kommunicate proxy (README, "Kommunicate").
export { createKommunicateTransport as createTransport } from '../transport/kommunicate';
