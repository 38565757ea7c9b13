import type { BubbleShape, ChatConfig, FontChoice } from '../transport/types';

const HEX = /^#[0-9a-f]{3}([0-9a-f]{3})?$/i;

/** `navBackground` → `--parley-nav-background`. */
export const cssProperty = (name: string): string => `--parley-${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/** The system font stacks behind the config's font choices (`@font-face` does not work in a shadow root). */
export const FONT_STACKS: Record<FontChoice, string> = {
  system: 'system-ui,sans-serif',
  sans: 'Helvetica,Arial,sans-serif',
  serif: 'Georgia,serif',
  rounded: 'ui-rounded,system-ui,sans-serif',
  mono: 'ui-monospace,monospace',
};

/** Bubble corner radii: [the usual corner, the corner next to the sender's side]. */
export const BUBBLE_RADII: Record<BubbleShape, [string, string]> = {
  rounded: ['16px', '16px'],
  tail: ['16px', '4px'],
  square: ['4px', '4px'],
};

/**
 * The `:host` rule of the custom properties a config sets. It goes into the shadow root, so a host page's own
 * `parley-chat { --parley-…: … }` still wins over the account's config, which wins over the defaults.
 * Colours are checked again here: a custom transport may hand over anything.
 */
export function themeRule(config: ChatConfig | null): string {
  // By theme name (`navBackground`), as `cssProperty` takes them.
  const props: Record<string, string> = {};
  if (config) {
    for (const [name, value] of Object.entries(config.colors)) {
      if (/^[a-z]+$/i.test(name) && HEX.test(value)) props[name] = value;
    }
    const font = FONT_STACKS[config.font];
    if (font) props.font = font;
    const radii = BUBBLE_RADII[config.bubbleShape];
    if (radii) [props.bubbleRadius, props.bubbleTailRadius] = radii;
    if (config.backgroundImage && /^https?:\/\/[^\s"'()\\]+$/i.test(config.backgroundImage)) {
      props.backgroundImage = `url("${config.backgroundImage}")`;
    }
    props.dateBorderWidth = config.dateBorder ? '1px' : '0';
    props.introBorderWidth = config.introBorder ? '1px' : '0';
  }
  return `:host{${Object.entries(props)
    .map(([name, value]) => `${cssProperty(name)}:${value}`)
    .join(';')}}`;
}
