import { Fragment, h, render } from 'preact';
import { describe, expect, it, vi } from 'vitest';
import { lazy } from '../../src/ui/lazy';

const Loaded = ({ name }: { name: string }) => <b>{name}</b>;
const placeholder = ({ name }: { name: string }, failed: boolean) => <i>{failed ? `no ${name}` : `wait ${name}`}</i>;

describe('lazy', () => {
  it('shows the placeholder until its chunk is in, then the component, loading the chunk once', async () => {
    let release!: (component: typeof Loaded) => void;
    const load = vi.fn(() => new Promise<typeof Loaded>((resolve) => (release = resolve)));
    const Lazy = lazy(load, placeholder);
    const root = document.createElement('div');
    render(
      <>
        <Lazy name="one" />
        <Lazy name="two" />
      </>,
      root,
    );
    expect(root.innerHTML).toBe('<i>wait one</i><i>wait two</i>');
    release(Loaded);
    await vi.waitFor(() => expect(root.innerHTML).toBe('<b>one</b><b>two</b>'));
    render(<Lazy name="three" />, root);
    expect(root.innerHTML).toBe('<b>three</b>');
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('says when its chunk failed, and asks for it again on the next render', async () => {
    const load = vi
      .fn<() => Promise<typeof Loaded>>()
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockResolvedValue(Loaded);
    const Lazy = lazy(load, placeholder);
    const root = document.createElement('div');
    render(<Lazy name="one" />, root);
    await vi.waitFor(() => expect(root.innerHTML).toBe('<i>no one</i>'));
    render(<Lazy name="two" key="again" />, root);
    await vi.waitFor(() => expect(root.innerHTML).toBe('<b>two</b>'));
    expect(load).toHaveBeenCalledTimes(2);
  });
});
