import { lazy, useState, type ComponentType } from 'react';

export interface Preloadable<P extends object> {
  /** Renders the loaded component; suspends only while its module is still on its way. */
  Component: ComponentType<P>;
  /** Starts loading the module (once: a failure stays, as React.lazy's does, and reaches the error boundary). */
  preload: () => Promise<ComponentType<P>>;
}

/**
 * A code-split component whose module can be fetched before it is first rendered. Unlike
 * React.lazy, a module that is already loaded renders at once: a lazy component suspends on its
 * first render even then, commits its fallback, and React holds the retry back until 300 ms after
 * that fallback appeared (FALLBACK_THROTTLE_MS), which a page opened by URL would wait for.
 */
export function preloadable<P extends object>(load: () => Promise<ComponentType<P>>): Preloadable<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;
  const preload = () => (loading ??= load().then((component) => (loaded = component)));
  const Lazy = lazy(() => preload().then((component) => ({ default: component })));
  function Component(props: P) {
    // Chosen once per mount: switching from Lazy to the loaded component would remount the page.
    const [Chosen] = useState<ComponentType<P>>(() => loaded ?? Lazy);
    return <Chosen {...props} />;
  }
  return { Component, preload };
}
