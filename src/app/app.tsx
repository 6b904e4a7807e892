import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import { AppProviders } from './app-providers';
import { RegistriesContext, type RegistriesState, type RegistryChoice } from './registries-context';
import type { RegistryEntry } from './registry-entries';
import { locateRegistry, pathForSwitch, registryBasename, type RegistryLocation } from './registry-paths';
import { subscribeToNavigations } from '../components/routing';
import { AppRouter } from './router';
import { prefetchRouteData } from './route-preload';

const UnknownRegistryPage = lazy(() => import('./unknown-registry-page').then((m) => ({ default: m.UnknownRegistryPage })));

interface AppProps {
  registries: RegistryEntry[];
  queryClient: QueryClient;
}

/** The router reads window.location when mounted: the URL must already be the shown registry's. */
type Shown = RegistryLocation;

function sameRegistry(shown: Shown, location: RegistryLocation): boolean {
  if (shown.kind === 'unknown') return location.kind === 'unknown' && location.name === shown.name;
  if (location.kind === 'unknown') return false;
  return shown.index === location.index && shown.basename === location.basename;
}

/**
 * One router per registry, with that registry's basename (see registry-paths.ts): features keep
 * their absolute links. Switching registries pushes the other registry's URL and creates its
 * router; the QueryClient (caches keyed by registry URL) and every registry's credential store
 * live on, so switching back shows the first registry as it was, still signed in. No reload.
 */
export function App({ registries, queryClient }: AppProps) {
  const names = useMemo(() => registries.map((entry) => entry.context.name), [registries]);
  const choices = useMemo<RegistryChoice[]>(
    () => registries.map((entry) => ({ name: entry.context.name, loginServer: entry.context.loginServer })),
    [registries],
  );
  const [shown, setShown] = useState<Shown>(() => locateRegistry(window.location.pathname, names));

  const switchTo = useCallback(
    (index: number) => {
      if (shown.kind === 'registry' && shown.index === index) return;
      const basename = registryBasename(names, index);
      const target = shown.kind === 'registry' ? pathForSwitch(window.location.pathname, shown.basename, basename) : `${basename}/`;
      window.history.pushState(null, '', target);
      setShown({ kind: 'registry', index, basename });
    },
    [names, shown],
  );

  // Back/forward across registries: this capture listener runs before the router's own popstate
  // listener and, when the registry changes, stops it (the old router would not match the URL).
  useEffect(() => {
    const onPopState = (event: PopStateEvent) => {
      const location = locateRegistry(window.location.pathname, names);
      if (sameRegistry(shown, location)) return;
      event.stopImmediatePropagation();
      setShown(location);
    };
    window.addEventListener('popstate', onPopState, { capture: true });
    return () => window.removeEventListener('popstate', onPopState, { capture: true });
  }, [names, shown]);

  // In-app navigations start their page's data as boot does (route-preload.ts), not after the page renders.
  useEffect(() => subscribeToNavigations(() => prefetchRouteData(window.location.pathname, registries, queryClient)), [registries, queryClient]);

  const activeIndex = shown.kind === 'registry' ? shown.index : -1;
  const registriesState = useMemo<RegistriesState>(() => ({ registries: choices, activeIndex, switchTo }), [choices, activeIndex, switchTo]);

  if (shown.kind === 'unknown') {
    return (
      <Suspense fallback={null}>
        <UnknownRegistryPage name={shown.name} registries={choices} hrefOf={(index) => `${registryBasename(names, index)}/`} onOpen={switchTo} />
      </Suspense>
    );
  }
  const active = registries[shown.index];
  if (!active) throw new Error('No registry configured');
  return (
    <RegistriesContext.Provider value={registriesState}>
      {/* Keyed by registry: the sign-in panel's UI state is per registry, like its credentials. */}
      <AppProviders key={active.context.url} queryClient={queryClient} registry={active.context} credentials={active.credentials} entra={active.entra}>
        {/* Keyed: another registry gets a router of its own, on its own basename. */}
        <AppRouter key={shown.basename} basename={shown.basename} />
      </AppProviders>
    </RegistriesContext.Provider>
  );
}
