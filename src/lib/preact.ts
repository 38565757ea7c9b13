// The part of Preact the UI uses, for the script-tag bundle only: vite.config.ts puts this module in place of
// `preact` there (about 3,300 bytes gzipped less), as it does src/lib/signals.ts for the signals. The UI is
// type-checked against Preact's types and the npm build keeps Preact. The two behave alike for what the UI does:
// tests/lib/preact.test.ts pins this one down against both, and the "lite" Vitest project runs the session's,
// element's and UI tests against it too.
//
// - `h`, `Fragment`, `render(vnode | null, container)`, `createRef`; function components; class components with
//   `props`, `state`, `base`, `setState(partial)`, `forceUpdate()`, `getDerivedStateFromProps`,
//   `shouldComponentUpdate`, `componentDidMount`, `componentDidUpdate(prevProps, prevState)`,
//   `componentWillUnmount`.
// - A child is matched to the old one of its key, or without a key to the one at its index (null, false, true and
//   undefined hold their place), when of the same type; it is updated in place, the others are unmounted. An array
//   among the children is a fragment. DOM nodes that stay are moved only when their order changed.
// - `setState` and `forceUpdate` render the component again in a microtask, once for any number of calls;
//   `this.state` changes when it renders. A component that is unmounted by then is not rendered.
// - Refs (objects and functions) are set once the DOM is in place, then componentDidMount and componentDidUpdate
//   run, children before parents; on unmount a component's componentWillUnmount runs before its children's, and
//   refs are set to null.
// - Props become listeners, properties or attributes as element-props.ts says.
// - Not supported, as the UI does without: setState with a function or a callback, context, hydration, keys
//   reused among siblings, style objects, dangerouslySetInnerHTML, <foreignObject>.

import { create, type Listening, setProp } from './element-props';

type Props = Record<string, unknown>;
export type Child = VNode | string | number | boolean | null | undefined | Child[];
type Kids = (VNode | null)[];
type Ref = ((value: unknown) => void) | { current: unknown } | null | undefined;
type FunctionComponent = (props: Props) => Child;

interface ComponentClass {
  new (props: Props): Component;
  getDerivedStateFromProps?(props: Props, state: Props): Props | null;
}

/** An element or a container: the vnodes rendered into it (and, element-props.ts, its listeners). */
interface Owner extends Listening {
  __k?: Kids;
}

export interface VNode {
  /** null: a text node, its text is `props.data`. */
  type: string | FunctionComponent | ComponentClass | null;
  props: Props;
  key?: unknown;
  ref?: Ref;
  /** The element or text node it rendered. */
  __dom?: Owner | Text;
  /** What a component rendered; an element's children are its DOM node's `__k`. */
  __kids?: Kids;
  __c?: Component;
}

/** Refs to set, then lifecycle methods to call, once a render's DOM is in place. */
const refQueue: (() => void)[] = [];
const lifecycleQueue: (() => void)[] = [];
/** The components to render again in the next microtask. */
const dirty: Component<unknown, unknown>[] = [];

export abstract class Component<P = Props, S = Props> {
  state = {} as S;
  /** The first DOM node it rendered. */
  base?: Owner | Text;
  /** The vnode it last rendered as; none once unmounted. */
  __v?: VNode;
  /** The element its DOM nodes are in. */
  __p?: Owner;
  /** The state set since it last rendered. */
  __next?: Partial<S>;
  __dirty?: boolean;
  __force?: boolean;

  constructor(public props: P) {}

  abstract render(props: P, state: S): Child;
  componentDidMount?(): void;
  componentDidUpdate?(previousProps: P, previousState: S): void;
  componentWillUnmount?(): void;
  shouldComponentUpdate?(nextProps: P, nextState: S): boolean;

  setState(update: Partial<S>): void {
    this.__next = { ...this.__next, ...update };
    enqueue(this);
  }

  forceUpdate(): void {
    this.__force = true;
    enqueue(this);
  }
}

export function h(type: VNode['type'], props: Props | null, ...children: Child[]): VNode {
  const { key, ref, ...rest } = props ?? {};
  if (children.length) rest.children = children.length > 1 ? children : children[0];
  return { type, props: rest, key, ref: ref as Ref };
}

export const Fragment = ({ children }: Props) => children as Child;

export const createRef = () => ({ current: null });

export function render(vnode: Child, container: Element): void {
  const root: Owner = container;
  root.__k = diffChildren(root, root.__k ?? [], vnode);
  place(root);
  commit();
}

function enqueue(component: Component<unknown, unknown>): void {
  if (component.__dirty) return;
  component.__dirty = true;
  if (dirty.push(component) === 1) queueMicrotask(flush);
}

function flush(): void {
  for (let component = dirty.shift(); component; component = dirty.shift()) {
    const { __v: vnode, __p: parent } = component;
    if (!component.__dirty || !vnode || !parent) continue;
    diff(parent, vnode, vnode);
    place(parent);
    commit();
  }
}

function commit(): void {
  for (const callback of [...refQueue.splice(0), ...lifecycleQueue.splice(0)]) callback();
}

function toVNode(child: Child): VNode | null {
  if (child == null || typeof child === 'boolean') return null;
  if (Array.isArray(child)) return h(Fragment, null, child);
  if (typeof child === 'object') return child;
  return { type: null, props: { data: String(child) } };
}

/** Renders `children` into `parent` over the `old` vnodes; returns the new ones. */
function diffChildren(parent: Owner, old: Kids, children: Child): Kids {
  const unused = [...old];
  // Where the last keyed child was found, less its index: children added or removed before shift the rest alike,
  // so the next is looked for there first (a list that grows at either end is matched in one pass).
  let skew = 0;
  const kids = (Array.isArray(children) ? children : [children]).map((child, index) => {
    const vnode = toVNode(child);
    if (vnode) {
      const keyed = vnode.key != null;
      let at = keyed ? index + skew : index;
      if (keyed && unused[at]?.key !== vnode.key) at = unused.findIndex((old) => old?.key === vnode.key);
      if (keyed && at >= 0) skew = at - index;
      diff(parent, vnode, claim(unused, vnode, at));
    }
    return vnode;
  });
  for (const vnode of unused) if (vnode) unmount(vnode, true);
  return kids;
}

/** The old vnode at `at` if `vnode` updates it (the same key and type), taken out of `unused`. */
function claim(unused: Kids, vnode: VNode, at: number): VNode | undefined {
  const old = unused[at];
  if (!old || old.key !== vnode.key || old.type !== vnode.type) return undefined;
  unused[at] = null;
  return old;
}

/** Renders `vnode` over `old` (or anew), its DOM nodes meant for `parent`, which places them. */
function diff(parent: Owner, vnode: VNode, old: VNode | undefined): void {
  const { type } = vnode;
  if (type === null) diffText(vnode, old);
  else if (typeof type === 'string') diffElement(parent, vnode, old);
  else if (type.prototype instanceof Component) diffComponent(parent, vnode, old);
  else vnode.__kids = diffChildren(parent, old?.__kids ?? [], (type as FunctionComponent)(vnode.props));
  if (vnode.ref !== old?.ref) {
    applyRef(old?.ref, null);
    const value = vnode.__c ?? vnode.__dom;
    refQueue.push(() => applyRef(vnode.ref, value));
  }
}

function diffText(vnode: VNode, old: VNode | undefined): void {
  const data = vnode.props.data as string;
  const text = (vnode.__dom = (old?.__dom as Text | undefined) ?? document.createTextNode(data));
  if (text.data !== data) text.data = data;
}

function diffElement(parent: Owner, vnode: VNode, old: VNode | undefined): void {
  const type = vnode.type as string;
  const dom: Owner = (vnode.__dom = (old?.__dom as Owner | undefined) ?? create(parent, type));
  const { props } = vnode;
  const previous = old?.props ?? {};
  for (const name in { ...previous, ...props }) {
    if (name !== 'children' && props[name] !== previous[name]) setProp(dom, name, props[name]);
  }
  dom.__k = diffChildren(dom, dom.__k ?? [], props.children as Child);
  place(dom);
}

function diffComponent(parent: Owner, vnode: VNode, old: VNode | undefined): void {
  const type = vnode.type as ComponentClass;
  const { props } = vnode;
  const component = (vnode.__c = old?.__c ?? new type(props));
  const { props: previousProps, state: previousState } = component;
  const state = { ...previousState, ...component.__next };
  Object.assign(state, type.getDerivedStateFromProps?.(props, state));
  const skip = old && !component.__force && component.shouldComponentUpdate?.(props, state) === false;
  component.__v = vnode;
  component.__p = parent;
  component.props = props;
  component.state = state;
  component.__next = undefined;
  component.__dirty = component.__force = false;
  if (skip) {
    vnode.__kids = old.__kids;
    return;
  }
  const kids = (vnode.__kids = diffChildren(parent, old?.__kids ?? [], component.render(props, state)));
  component.base = domNodes(kids)[0];
  lifecycleQueue.push(
    old ? () => component.componentDidUpdate?.(previousProps, previousState) : () => component.componentDidMount?.(),
  );
}

/** Puts the DOM nodes of `parent`'s vnodes into it in their order, moving only those out of it. */
function place(parent: Owner): void {
  let next = parent.firstChild;
  for (const node of domNodes(parent.__k!)) {
    if (node === next) next = node.nextSibling;
    else parent.insertBefore(node, next);
  }
}

const domNodes = (kids: Kids): (Owner | Text)[] =>
  kids.flatMap((kid) => (!kid ? [] : kid.__dom ? [kid.__dom] : domNodes(kid.__kids!)));

/** Unmounts `vnode` and what it rendered; `detach`: takes its DOM nodes out (not needed in a removed element). */
function unmount(vnode: VNode, detach: boolean): void {
  applyRef(vnode.ref, null);
  const { __c: component, __dom: dom } = vnode;
  if (component) {
    component.__v = undefined;
    component.componentWillUnmount?.();
  }
  for (const kid of (dom ? (dom as Owner).__k : vnode.__kids) ?? []) if (kid) unmount(kid, detach && !dom);
  if (detach) dom?.remove();
}

function applyRef(ref: Ref, value: unknown): void {
  if (typeof ref === 'function') ref(value);
  else if (ref) ref.current = value;
}
