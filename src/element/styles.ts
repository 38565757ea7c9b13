import css from '../ui/styles.css?inline';

let shared: CSSStyleSheet | undefined;
const constructable = () =>
  typeof CSSStyleSheet !== 'undefined' && 'replaceSync' in CSSStyleSheet.prototype && 'adoptedStyleSheets' in Document.prototype;

/**
 * Styles for one shadow root, as a live handle for the per-element theme.
 * Constructed stylesheets work under a strict `style-src 'self'` CSP, where a `<style>` element is blocked;
 * old WebViews without them get `<style nonce>` elements (the host passes the nonce through the `nonce` attribute).
 */
export function adoptStyles(root: ShadowRoot, nonce: string | null): { setTheme(rule: string): void } {
  if (constructable()) {
    if (!shared) {
      shared = new CSSStyleSheet();
      shared.replaceSync(css);
    }
    const theme = new CSSStyleSheet();
    root.adoptedStyleSheets = [shared, theme];
    return { setTheme: (rule) => theme.replaceSync(rule) };
  }
  const style = (text: string) => {
    const el = document.createElement('style');
    if (nonce) el.nonce = nonce;
    el.textContent = text;
    return root.appendChild(el);
  };
  style(css);
  const theme = style('');
  return { setTheme: (rule) => void (theme.textContent = rule) };
}
