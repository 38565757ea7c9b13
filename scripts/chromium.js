// @ts-check
// How the browser tests and the soak start Debian's Chromium (`apt-get install chromium`): Playwright's own browser
// download cannot work on these machines. Headless, without the background traffic that would show in request logs.

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
