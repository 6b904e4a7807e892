import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { loadAppConfig } from './config/load-config';
import { App } from './app/app';
import { ErrorBoundary } from './components/error-boundary';
import { ErrorPanel } from './components/ui/error-panel';
import { createRegistryEntries } from './app/registry-entries';
import { createQueryClient } from './queries/query-client';
import { prefetchRouteData, preloadRouteModules } from './app/route-preload';
import './index.css';

async function boot(root: ReturnType<typeof createRoot>) {
  try {
    // Asked first: on HTTP/1.1 the config's schemas would otherwise queue behind the page's chunks.
    const configRead = loadAppConfig();
    // A repository's page: its chunk loads beside config.json (route-preload.ts).
    const routeModules = preloadRouteModules(window.location.pathname);
    const config = await configRead;
    if (config.demo) {
      // Dynamic imports: the checks, msw and the demo content stay out of the main bundle.
      const [{ assertDemoCanRun }, { startDemoRegistry }] = await Promise.all([import('./app/demo-support'), import('./testing/demo-worker')]);
      assertDemoCanRun(window);
      await startDemoRegistry();
    }
    const env = { origin: window.location.origin, host: window.location.host, fetch: window.fetch.bind(window) };
    const registries = createRegistryEntries(config, env);
    if (!config.demo && config.registries.some((registry) => registry.entra)) {
      // Entra ID: a return from the identity provider is finished before the router sees the URL
      // (MSAL loads only then); a session kept in this tab is renewed in the background.
      const { attachEntraSignIns } = await import('./app/entra-setup');
      const entra = attachEntraSignIns(registries, config, env);
      await Promise.all(entra.map((signIn) => signIn.completeRedirect()));
      for (const signIn of entra) void signIn.resume();
    }
    const queryClient = createQueryClient();
    prefetchRouteData(window.location.pathname, registries, queryClient);
    // Rendered with its page's module at hand, the page shows without a fallback in between.
    await routeModules;
    root.render(
      <StrictMode>
        {/* Pages have their own boundary; this one catches what fails around them (a palette or sign-in form whose code is gone): no blank screen. */}
        <ErrorBoundary fallback={(error) => <ErrorPanel error={error} />}>
          <App registries={registries} queryClient={queryClient} />
        </ErrorBoundary>
      </StrictMode>,
    );
  } catch (error) {
    console.error(error);
    // Only a failed start needs it: not part of the first load.
    const { BootErrorPage } = await import('./app/boot-error-page');
    root.render(<BootErrorPage error={error} />);
  }
}

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
// When the entry script ran (seen in DevTools' timings and by the bench's breakdown).
performance.mark('regatta:entry');
// index.html's "Starting Regatta…" stays until the app's first render replaces it.
void boot(createRoot(container));
