// @ts-check
// The account configuration `GET /config` answers: the KPN documentation's example, with a demo name.

import { KPN_EXAMPLE_CONFIG } from './kpn-config.js';

/** @returns {Record<string, unknown>} a fresh copy, so a test may change it without touching the default */
export function defaultConfig() {
  return { ...KPN_EXAMPLE_CONFIG, name: 'Parley Demo' };
}
