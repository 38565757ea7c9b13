/**
 * Adds a stylesheet after those the shadow root has, and returns its setter: the sheet's CSS and a rule after it
 * (the chat's sheet takes the account's theme rule). The loader adds the launcher's sheet, the chat its own, and a
 * chunk with styles of its own (rich messages) its sheet when it first shows.
 * Constructed stylesheets work under a strict `style-src 'self'` CSP, where a `<style>` element is blocked;
 * old WebViews without them get a `<style nonce>` element (the host passes the nonce through the `nonce` attribute).
 */
export function adoptSheet(root: ShadowRoot, nonce: string | null, css: string): (rule?: string) => void {
  if (root.adoptedStyleSheets) {
    const sheet = new CSSStyleSheet();
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    const set = (rule = '') => sheet.replaceSync(css + rule);
    set();
    return set;
  }
  const style = document.createElement('style');
  if (nonce) style.nonce = nonce;
  root.prepend(...root.querySelectorAll('style'), style);
  const set = (rule = '') => void (style.textContent = css + rule);
  set();
  return set;
}
