// @ts-check
// How the browser tests and the soak start Debian's Chromium (`apt-get install chromium`; no test tool's own
// browser download can work on these machines): headless, without the background traffic that would show in
// request logs. puppeteer-core adds its own defaults to these (tests/e2e/driver/puppeteer.js).

export const CHROMIUM = '/usr/bin/chromium';

export const LAUNCH_OPTIONS = {
  executablePath: CHROMIUM,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
};
