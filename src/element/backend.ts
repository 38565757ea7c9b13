// The backend of the element's built-in transport: Parley. The Kommunicate script-tag build puts
// backend-kommunicate.ts in its place (vite.config.ts); nothing else of the element knows which backend it talks to.
export { createParleyTransport as createTransport } from '../transport/parley';
