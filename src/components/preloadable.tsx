import { lazy, useState, type ComponentType, type LazyExoticComponent } from 'react';

export interface Preloadable<P extends object> {
  /** Renders the loaded component; suspends only while its module is still on its way. */
  Component: ComponentType<P>;
  /** Starts loading the module: what a user's intent (hover, focus) calls. After a failure it asks again. */
  preload: () => Promise<ComponentType<P>>;
}

/**
 * A code-split component whose module can be fetched before it is first rendered. Unlike
 * React.lazy, a module that is already loaded renders at once: a lazy component suspends on its
 * first render even then, commits its fallback, and React holds the retry back until 300 ms after
 * that fallback appeared (FALLBACK_THROTTLE_MS), which a page opened by URL would wait for.
 * A failed load reaches the error boundary and stays failed for the renders that follow (a new
 * attempt on every render of a component that never mounted would loop); the next `preload()`,
 * a user's new intent, asks again.
 */
export function preloadable<P extends object>(load: () => Promise<ComponentType<P>>): Preloadable<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;
  let failed = false;
  const loadOnce = () =>
    (loading ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        failed = true;
        throw error;
      },
    ));
  const lazyComponent = (): LazyExoticComponent<ComponentType<P>> => lazy(() => loadOnce().then((component) => ({ default: component })));
  let Lazy = lazyComponent();
  const preload = () => {
    if (failed) {
      failed = false;
      loading = undefined;
      Lazy = lazyComponent();
    }
    return loadOnce();
  };
  function Component(props: P) {
    // Chosen once per mount: switching from the lazy component to the loaded one would remount the page.
    const [Chosen] = useState<ComponentType<P>>(() => loaded ?? Lazy);
    return <Chosen {...props} />;
  }
  return { Component, preload };
}
