import { Component, Suspense, type ReactNode } from 'react';
import { render, screen } from '@testing-library/react';
import { preloadable } from './preloadable';

function Greeting({ who }: { who: string }) {
  return <p>Hello {who}</p>;
}

class Boundary extends Component<{ children: ReactNode }, { error: unknown }> {
  state = { error: null as unknown };
  static getDerivedStateFromError(error: unknown) {
    return { error };
  }
  render() {
    return this.state.error ? <p>Failed: {String(this.state.error)}</p> : this.props.children;
  }
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const page = (node: ReactNode) => (
  <Boundary>
    <Suspense fallback={<p>Loading…</p>}>{node}</Suspense>
  </Boundary>
);

describe('preloadable', () => {
  it('renders a preloaded module at once, without its fallback', async () => {
    let loads = 0;
    const greeting = preloadable(async () => {
      loads += 1;
      return Greeting;
    });
    await greeting.preload();
    render(page(<greeting.Component who="table" />));
    // Synchronously in the first commit: no fallback came first.
    expect(screen.getByText('Hello table')).toBeInTheDocument();
    expect(screen.queryByText('Loading…')).not.toBeInTheDocument();
    expect(loads).toBe(1);
  });

  it('suspends until a module still on its way arrives, and loads it once', async () => {
    const load = deferred<typeof Greeting>();
    let loads = 0;
    const greeting = preloadable(() => {
      loads += 1;
      return load.promise;
    });
    void greeting.preload();
    render(page(<greeting.Component who="later" />));
    expect(screen.getByText('Loading…')).toBeInTheDocument();
    load.resolve(Greeting);
    expect(await screen.findByText('Hello later')).toBeInTheDocument();
    expect(loads).toBe(1);
  });

  it('loads on first render when nothing preloaded it', async () => {
    const greeting = preloadable(async () => Greeting);
    render(page(<greeting.Component who="on demand" />));
    expect(await screen.findByText('Hello on demand')).toBeInTheDocument();
  });

  it('hands a module that fails to load to the error boundary', async () => {
    const greeting = preloadable<{ who: string }>(() => Promise.reject(new Error('chunk gone')));
    await expect(greeting.preload()).rejects.toThrow('chunk gone');
    vi.spyOn(console, 'error').mockImplementation(() => {});
    render(page(<greeting.Component who="nobody" />));
    expect(await screen.findByText('Failed: Error: chunk gone')).toBeInTheDocument();
  });

  it('after a failure, asks again when preloaded (a new intent), not on each render', async () => {
    const network = { down: true, loads: 0 };
    const greeting = preloadable<{ who: string }>(() => {
      network.loads += 1;
      return network.down ? Promise.reject(new Error('network down')) : Promise.resolve(Greeting);
    });
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const first = render(page(<greeting.Component who="first" />));
    expect(await screen.findByText('Failed: Error: network down')).toBeInTheDocument();
    first.unmount();
    const failedLoads = network.loads;
    expect(failedLoads).toBe(1);
    network.down = false;
    // The user points at the action again.
    await greeting.preload();
    render(page(<greeting.Component who="again" />));
    expect(await screen.findByText('Hello again')).toBeInTheDocument();
    expect(network.loads).toBe(failedLoads + 1);
  });
});
