// How the renderer of src/lib/preact.ts makes an element and sets its props:
// - A prop `on…` is a listener of the event named by its lowercased rest (onFocusIn: focusin), one per event and
//   element, whose handler can change.
// - Any other prop is a DOM property when the element has it (HTML only, null is ''), otherwise an attribute:
//   removed for null, undefined and false, but false is a value for `aria-*` and `data-*`.
// - Elements in an <svg> are made in its namespace.

const SVG = 'http://www.w3.org/2000/svg';

/** An element with the handlers of its listeners, by event type: one listener per type, its handler swapped. */
export interface Listening extends Element {
  __l?: Record<string, EventListener | undefined>;
}

/** An element of `type`, in the SVG namespace inside an <svg>. */
export const create = (parent: Element, type: string): Element =>
  type === 'svg' || parent.namespaceURI === SVG ? document.createElementNS(SVG, type) : document.createElement(type);

export function setProp(dom: Listening, name: string, value: unknown): void {
  if (name.startsWith('on')) listen(dom, name.slice(2).toLowerCase(), value as EventListener | undefined);
  else if (name in dom && dom.namespaceURI !== SVG) (dom as unknown as Record<string, unknown>)[name] = value ?? '';
  // `aria-…` and `data-…` say "false"
  else if (value == null || (value === false && name[4] !== '-')) dom.removeAttribute(name);
  else dom.setAttribute(name, String(value));
}

function listen(dom: Listening, type: string, handler: EventListener | undefined): void {
  const handlers = (dom.__l ??= {});
  if (!handler) dom.removeEventListener(type, dispatch);
  else if (!handlers[type]) dom.addEventListener(type, dispatch);
  handlers[type] = handler;
}

function dispatch(this: Listening, event: Event): void {
  this.__l![event.type]!(event);
}
