// The script-tag bundle's renderer (src/lib/preact.ts), which stands in for Preact there: what the UI relies on,
// checked against Preact and the renderer alike. The session's, element's and UI tests also run against it (the
// "lite" project in vitest.config.ts).
import * as real from 'preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as lite from '../../src/lib/preact';

// Typed as Preact: the UI is type-checked against Preact's types and runs on either.
const renderers: [string, typeof real][] = [
  ['Preact', real],
  ['the lite renderer', lite as unknown as typeof real],
];

/** A component's props with a ref (JSX has `ref` on every component; Preact's `h` types leave it out). */
const withRef = <P extends object>(props: P, ref: real.Ref<unknown>): P => ({ ...props, ref });

/** Lets a microtask's renders happen. */
const settle = () => new Promise((resolve) => setTimeout(resolve));

describe.each(renderers)('%s', (_name, { h, render, Component, Fragment, createRef }) => {
  let root: HTMLElement;
  const mount = () => (root = document.body.appendChild(document.createElement('div')));
  afterEach(() => {
    render(null, root);
    root.remove();
  });

  describe('children', () => {
    it('render strings and numbers as text, nested arrays in order, and nothing for null, booleans, undefined', () => {
      mount();
      render(h('p', null, 'a', 1, null, false, true, undefined, ['b', ['c', h('i', null, 'd')]]), root);
      expect(root.innerHTML).toBe('<p>a1bc<i>d</i></p>');
    });

    it('keep their place when a child before them comes and goes: the same DOM nodes stay', () => {
      mount();
      const view = (show: boolean) => h('div', null, show && h('span', null, 'x'), h('input', null), 'end');
      render(view(false), root);
      const input = root.querySelector('input');
      input!.focus();
      render(view(true), root);
      expect(root.innerHTML).toBe('<div><span>x</span><input>end</div>');
      expect(root.querySelector('input')).toBe(input);
      render(view(false), root);
      expect(root.innerHTML).toBe('<div><input>end</div>');
      expect(root.querySelector('input')).toBe(input);
      expect(document.activeElement).toBe(input);
    });

    it('with keys keep their DOM nodes when others are added before and after them or removed', () => {
      mount();
      const list = (ids: string[], older: boolean) =>
        h(
          'div',
          null,
          older && h('p', null, 'older'),
          ids.map((id) => h('button', { key: id }, id)),
          h('b', null, 'end'),
        );
      render(list(['c', 'd'], false), root);
      const [c, d] = root.querySelectorAll('button');
      c!.focus();
      // A node moved is removed and added again (which a browser's focus and scroll position do not survive).
      const observer = new MutationObserver(() => {});
      observer.observe(root, { childList: true, subtree: true });
      const removed = () => observer.takeRecords().flatMap((record) => [...record.removedNodes]);
      render(list(['a', 'b', 'c', 'd', 'e'], true), root);
      expect(root.textContent).toBe('olderabcdeend');
      const buttons = [...root.querySelectorAll('button')];
      const older = root.querySelector('p');
      expect(buttons[2]).toBe(c);
      expect(buttons[3]).toBe(d);
      expect(removed()).toEqual([]);
      expect(document.activeElement).toBe(c);
      render(list(['b', 'c', 'e'], false), root);
      expect(root.textContent).toBe('bceend');
      expect([...root.querySelectorAll('button')]).toEqual([buttons[1], c, buttons[4]]);
      // only the nodes that went
      expect(new Set(removed())).toEqual(new Set([older, buttons[0], d]));
      expect(document.activeElement).toBe(c);
    });

    it('with keys follow a change of order', () => {
      mount();
      const list = (ids: string[]) =>
        h(
          'ul',
          null,
          ids.map((id) => h('li', { key: id }, id)),
        );
      render(list(['a', 'b', 'c']), root);
      const [a, b, c] = root.querySelectorAll('li');
      render(list(['c', 'a', 'b']), root);
      expect([...root.querySelectorAll('li')]).toEqual([c, a, b]);
    });

    it('update a text in place, and replace an element whose type changes', () => {
      mount();
      render(h('div', null, 'one'), root);
      const text = root.firstChild!.firstChild;
      render(h('div', null, 'two'), root);
      expect(root.firstChild!.firstChild).toBe(text);
      expect(text!.textContent).toBe('two');
      render(h('section', null, 'two'), root);
      expect(root.innerHTML).toBe('<section>two</section>');
    });

    it('of a fragment, a component returning null or another component, are placed among their siblings', () => {
      mount();
      const Inner = ({ text }: { text: string }) => h('b', null, text);
      const Outer = ({ text }: { text: string }) => h(Inner, { text });
      const Maybe = ({ on }: { on: boolean }) => (on ? h(Fragment, null, h('i', null, 1), h('i', null, 2)) : null);
      const view = (on: boolean) => h('div', null, h(Outer, { text: 'x' }), h(Maybe, { on }), h('u', null));
      render(view(true), root);
      expect(root.innerHTML).toBe('<div><b>x</b><i>1</i><i>2</i><u></u></div>');
      render(view(false), root);
      expect(root.innerHTML).toBe('<div><b>x</b><u></u></div>');
      render(view(true), root);
      expect(root.innerHTML).toBe('<div><b>x</b><i>1</i><i>2</i><u></u></div>');
    });
  });

  describe('props', () => {
    it('set attributes, DOM properties, and remove what goes; false is a value for aria-* and data-*', () => {
      mount();
      render(
        h('button', {
          class: 'a',
          title: 't',
          disabled: true,
          'aria-expanded': false,
          'aria-describedby': 'hint',
          'data-status': 'sent',
          'data-x': false,
        }),
        root,
      );
      const button = root.querySelector('button')!;
      expect(button.getAttribute('class')).toBe('a');
      expect(button.title).toBe('t');
      expect(button.disabled).toBe(true);
      expect(button.getAttribute('aria-expanded')).toBe('false');
      expect(button.getAttribute('aria-describedby')).toBe('hint');
      expect(button.getAttribute('data-status')).toBe('sent');
      expect(button.getAttribute('data-x')).toBe('false');
      render(h('button', { class: 'b', 'aria-expanded': true, 'aria-describedby': undefined }), root);
      expect(root.querySelector('button')).toBe(button);
      expect(button.getAttribute('class')).toBe('b');
      expect(button.title).toBe('');
      expect(button.disabled).toBe(false);
      expect(button.getAttribute('aria-expanded')).toBe('true');
      expect(button.hasAttribute('aria-describedby')).toBe(false);
      expect(button.hasAttribute('data-status')).toBe(false);
    });

    it('set a form field’s value and hidden as properties', () => {
      mount();
      render(h('div', null, h('textarea', { value: 'one' }), h('input', { type: 'file', hidden: true })), root);
      const textarea = root.querySelector('textarea')!;
      expect(textarea.value).toBe('one');
      expect(root.querySelector('input')!.hidden).toBe(true);
      render(h('div', null, h('textarea', { value: '' }), h('input', { type: 'file', hidden: true })), root);
      expect(textarea.value).toBe('');
    });

    it('make an <svg> and its children in the SVG namespace, with attributes', () => {
      mount();
      render(
        h(
          'svg',
          { viewBox: '0 0 24 24', width: '24', 'aria-hidden': true },
          h('path', { d: 'M6 6l12 12', 'stroke-width': '2' }),
        ),
        root,
      );
      const svg = root.querySelector('svg')!;
      const path = svg.querySelector('path')!;
      expect(svg.namespaceURI).toBe('http://www.w3.org/2000/svg');
      expect(path.namespaceURI).toBe('http://www.w3.org/2000/svg');
      expect(svg.getAttribute('viewBox')).toBe('0 0 24 24');
      expect(svg.getAttribute('aria-hidden')).toBe('true');
      expect(path.getAttribute('d')).toBe('M6 6l12 12');
      expect(path.getAttribute('stroke-width')).toBe('2');
    });

    it('on…: listen to the lowercased event; a new handler takes over without a new listener; none stops', () => {
      mount();
      const first = vi.fn();
      const second = vi.fn();
      const focusIn = vi.fn();
      render(h('button', { onClick: first, onFocusIn: focusIn }), root);
      const button = root.querySelector('button')!;
      const addEventListener = vi.spyOn(button, 'addEventListener');
      render(h('button', { onClick: second, onFocusIn: focusIn }), root);
      button.click();
      button.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
      expect(addEventListener).not.toHaveBeenCalled();
      expect(first).not.toHaveBeenCalled();
      expect(second).toHaveBeenCalledTimes(1);
      expect(second.mock.calls[0]![0]).toBeInstanceOf(MouseEvent);
      expect(focusIn).toHaveBeenCalledTimes(1);
      render(h('button', { onClick: undefined }), root);
      button.click();
      expect(second).toHaveBeenCalledTimes(1);
    });
  });

  describe('class components', () => {
    it('render again in a microtask, once for several setState calls; this.state changes when they render', async () => {
      mount();
      let renders = 0;
      class Counter extends Component<object, { count: number }> {
        state = { count: 0 };
        render(_: object, { count }: { count: number }) {
          renders++;
          return h('p', null, count);
        }
      }
      const counter = createRef<Counter>();
      render(h(Counter, withRef({}, counter)), root);
      counter.current!.setState({ count: 1 });
      counter.current!.setState({ count: 2 });
      expect(counter.current!.state.count).toBe(0);
      expect(root.textContent).toBe('0');
      await Promise.resolve();
      expect(root.textContent).toBe('2');
      expect(counter.current!.state.count).toBe(2);
      expect(renders).toBe(2);
    });

    it('skip a render that shouldComponentUpdate refuses, with the new props; forceUpdate renders all the same', async () => {
      mount();
      let renders = 0;
      interface Props {
        id: number;
        label: string;
      }
      class Item extends Component<Props> {
        shouldComponentUpdate(next: Props) {
          return next.id !== this.props.id;
        }
        render({ id, label }: Props) {
          renders++;
          return h('p', null, `${id} ${label}`);
        }
      }
      const item = createRef<Item>();
      render(h(Item, withRef({ id: 1, label: 'a' }, item)), root);
      render(h(Item, withRef({ id: 1, label: 'b' }, item)), root);
      expect(root.textContent).toBe('1 a');
      expect(item.current!.props.label).toBe('b');
      item.current!.forceUpdate();
      await settle();
      expect(root.textContent).toBe('1 b');
      render(h(Item, withRef({ id: 2, label: 'b' }, item)), root);
      expect(root.textContent).toBe('2 b');
      expect(renders).toBe(3);
    });

    it('take getDerivedStateFromProps into their state before each render', async () => {
      mount();
      interface State {
        max: number;
      }
      class Highest extends Component<{ n: number }, State> {
        state = { max: 0 };
        static getDerivedStateFromProps({ n }: { n: number }, { max }: State): State | null {
          return n > max ? { max: n } : null;
        }
        render(_: { n: number }, { max }: State) {
          return h('p', null, max);
        }
      }
      const highest = createRef<Highest>();
      render(h(Highest, withRef({ n: 3 }, highest)), root);
      expect(root.textContent).toBe('3');
      render(h(Highest, withRef({ n: 1 }, highest)), root);
      expect(root.textContent).toBe('3');
      highest.current!.setState({ max: 0 });
      await settle();
      expect(root.textContent).toBe('1');
    });

    it('set refs, then run componentDidMount and componentDidUpdate, children before parents', () => {
      mount();
      const log: string[] = [];
      class Child extends Component<{ n: number }> {
        box = createRef<HTMLSpanElement>();
        componentDidMount() {
          log.push(`child mounted, its span ${this.box.current?.isConnected}`);
        }
        componentDidUpdate(previous: { n: number }) {
          log.push(`child updated ${previous.n} → ${this.props.n}`);
        }
        render() {
          return h('span', { ref: this.box });
        }
      }
      class Parent extends Component<{ n: number }, { s: string }> {
        state = { s: 'x' };
        componentDidMount() {
          log.push('parent mounted');
        }
        componentDidUpdate(previous: { n: number }, previousState: { s: string }) {
          log.push(`parent updated ${previous.n}/${previousState.s} → ${this.props.n}/${this.state.s}`);
        }
        render({ n }: { n: number }) {
          return h(
            'div',
            { ref: (div: HTMLDivElement | null) => log.push(`div ref ${div?.tagName}`) },
            h(Child, { n }),
          );
        }
      }
      render(h(Parent, { n: 1 }), root);
      expect(log.splice(0)).toEqual(['div ref DIV', 'child mounted, its span true', 'parent mounted']);
      render(h(Parent, { n: 2 }), root);
      // A new function as ref: the old one is told null, the new one the element.
      expect(log).toEqual(['div ref undefined', 'div ref DIV', 'child updated 1 → 2', 'parent updated 1/x → 2/x']);
    });

    it('on unmount run componentWillUnmount, parents first, set refs to null, and render no more', async () => {
      mount();
      const log: string[] = [];
      const button = createRef<HTMLButtonElement>();
      const callback = vi.fn();
      class Leaf extends Component {
        componentWillUnmount() {
          log.push('leaf');
        }
        render() {
          return h('button', { ref: button });
        }
      }
      class Branch extends Component<{ leaf: boolean }> {
        componentWillUnmount() {
          log.push('branch');
          this.setState({});
        }
        render({ leaf }: { leaf: boolean }) {
          log.push('branch rendered');
          return h('div', { ref: callback }, h(Fragment, null, leaf && h(Leaf, null)));
        }
      }
      render(h(Branch, { leaf: true }), root);
      expect(button.current).toBeInstanceOf(HTMLButtonElement);
      render(h(Branch, { leaf: false }), root);
      expect(log.splice(0)).toEqual(['branch rendered', 'branch rendered', 'leaf']);
      expect(button.current).toBeNull();
      render(h(Branch, { leaf: true }), root);
      render(null, root);
      expect(log.splice(0)).toEqual(['branch rendered', 'branch', 'leaf']);
      expect(button.current).toBeNull();
      expect(callback).toHaveBeenLastCalledWith(null);
      expect(root.innerHTML).toBe('');
      await settle();
      expect(log).toEqual([]);
    });

    it('stay the same instance and DOM when rendered again from the top; a new key mounts a new one', () => {
      mount();
      const mounted = vi.fn();
      class Label extends Component<{ text: string }> {
        componentDidMount() {
          mounted(this);
        }
        render({ text }: { text: string }) {
          return h('label', null, text);
        }
      }
      const app = (text: string, key?: string) => h('main', null, h(Label, { text, key }));
      render(app('a'), root);
      const label = root.querySelector('label');
      render(app('b'), root);
      expect(root.querySelector('label')).toBe(label);
      expect(label!.textContent).toBe('b');
      expect(mounted).toHaveBeenCalledTimes(1);
      render(app('c', 'other'), root);
      expect(root.querySelector('label')).not.toBe(label);
      expect(mounted).toHaveBeenCalledTimes(2);
      expect(mounted.mock.calls[1]![0]).not.toBe(mounted.mock.calls[0]![0]);
    });

    it('whose root element changes on setState put the new one in the old one’s place; base is the new one', async () => {
      mount();
      class Swap extends Component<object, { button?: boolean }> {
        render(_: object, { button }: { button?: boolean }) {
          return button ? h('button', null, 'b') : h('span', null, 's');
        }
      }
      const swap = createRef<Swap>();
      render(h('div', null, h('i', null), h(Swap, withRef({}, swap)), h('u', null)), root);
      expect(swap.current!.base).toBe(root.querySelector('span'));
      swap.current!.setState({ button: true });
      await settle();
      expect(root.innerHTML).toBe('<div><i></i><button>b</button><u></u></div>');
      expect(swap.current!.base).toBe(root.querySelector('button'));
    });
  });
});
