import { ConfigError, DEFAULT_CONFIG_SOURCE } from '../config/app-config';
import { DemoUnavailableError } from './demo-support';
import { buttonVariants } from '../components/ui/button';

/** Full-page failure before the app exists (bad config.json, demo worker refused): never a blank page. */
export function BootErrorPage({ error }: { error: unknown }) {
  const configSource = error instanceof ConfigError ? error.source : undefined;
  const isDemo = error instanceof DemoUnavailableError;
  const message = error instanceof Error ? error.message : String(error);
  return (
    <main className="mx-auto max-w-2xl px-4 py-16">
      <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-6 text-red-950">
        <h1 className="text-xl font-semibold">Regatta cannot start</h1>
        <p className="mt-3 font-mono text-sm break-words whitespace-pre-wrap">{message}</p>
        <p className="mt-4 text-sm">
          {configSource !== undefined
            ? configSource === DEFAULT_CONFIG_SOURCE
              ? 'Fix the named field in /config.json (served next to index.html) and reload this page.'
              : `Fix the named field in ${configSource}, restart the server and reload this page.`
            : isDemo
              ? 'Reloading will not help here: open this page over https or on localhost.'
              : 'Reload the page to try again; the browser console has details.'}
        </p>
        <button type="button" onClick={() => window.location.reload()} className={`mt-4 ${buttonVariants({ variant: 'danger' })}`}>
          Reload
        </button>
      </div>
    </main>
  );
}
