import { Component, type ComponentType, h, type VNode } from 'preact';

/**
 * A component whose code is a chunk loaded when it first renders. `placeholder` shows until then, told whether the
 * chunk failed to load; a failed chunk is asked for again by the next one to render.
 */
export function lazy<P extends object>(
  load: () => Promise<ComponentType<P>>,
  placeholder: (props: NoInfer<P>, failed: boolean) => VNode | null,
): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<unknown> | undefined;
  return class Lazy extends Component<P, { failed?: boolean }> {
    override componentDidMount() {
      if (loaded) return;
      loading ??= load().then(
        (component) => (loaded = component),
        (error: unknown) => {
          loading = undefined;
          throw error;
        },
      );
      loading.then(
        () => this.forceUpdate(),
        () => this.setState({ failed: true }),
      );
    }

    override render(props: P, { failed }: { failed?: boolean }) {
      return loaded ? h(loaded, props) : placeholder(props, Boolean(failed));
    }
  };
}
