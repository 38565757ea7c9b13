// The browser tests' probe (served as `/__control/probe.js` and put first into every page's <head> when the dev
// server runs with `probe: true`): it tells the dev server about console errors, uncaught errors, unhandled
// rejections and CSP violations, in any engine, across reloads (see `/__control/problems`), and keeps a list of
// the requests this page made (`window.__requests`), because classic WebDriver (WebKit) can see neither.
(() => {
  const report = (kind, text) => {
    const problem = JSON.stringify({ kind, text: String(text), page: location.pathname });
    navigator.sendBeacon('/__control/problems', new Blob([problem], { type: 'text/plain' }));
  };
  const error = console.error;
  console.error = (...args) => {
    report('console', args.map((a) => (a instanceof Error ? a.message : String(a))).join(' '));
    error.apply(console, args);
  };
  addEventListener('error', (e) => report('pageerror', e.error?.message ?? e.message));
  addEventListener('unhandledrejection', (e) => report('pageerror', e.reason?.message ?? e.reason));
  document.addEventListener('securitypolicyviolation', (e) =>
    report('csp', `${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`),
  );

  const requests = [];
  window.__requests = requests;
  const record = (method, url) =>
    requests.push({ method: method.toUpperCase(), path: new URL(url, location.href).pathname, time: Date.now() });
  const fetch = window.fetch;
  window.fetch = function (...args) {
    const [input, init] = args;
    const request = input instanceof Request ? input : null;
    record(init?.method ?? request?.method ?? 'GET', request ? request.url : String(input));
    return fetch.apply(this, args);
  };
  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (...args) {
    record(args[0], String(args[1]));
    return open.apply(this, args);
  };
})();
