import css from '../ui/styles.css?inline';

/**
 * Adds the styles to one shadow root and returns the setter of its per-element theme rule, which follows the CSS.
 * Constructed stylesheets work under a strict `style-src 'self'` CSP, where a `<style>` element is blocked;
 * old WebViews without them get a `<style nonce>` element (the host passes the nonce through the `nonce` attribute).
 */
export function adoptStyles(root: ShadowRoot, nonce: string | null): (rule: string) => void {
  if (root.adoptedStyleSheets) {
    const sheet = new CSSStyleSheet();
    root.adoptedStyleSheets = [sheet];
    return (rule) => sheet.replaceSync(css + rule);
  }
  const style = document.createElement('style');
  if (nonce) style.nonce = nonce;
  root.append(style);
  return (rule) => void (style.textContent = css + rule);
}
