import { useId, useState } from 'react';
import { checkSourceClient, SOURCE_CLIENT_CLOUDS } from '../../config/source-client';
import { CommandBlock } from './command-block';
import { composeSourceClient, dockerConfigSnippet, isAzureLoginServer, SERVICE_PATHS } from './connect-snippets';

const OTHER = 'other';
const selectClass = 'rounded border border-slate-300 bg-surface px-2 py-1 text-sm focus-visible:outline-2 focus-visible:outline-focus';

/**
 * The Docker config.json snippet that sends X-Meta-Source-Client (Docker's `HttpHeaders`), the
 * value picked from the ACR docs' cloud and service tables or typed and checked against
 * <cloud>/<service>[/<optionalservicename>].
 */
/**
 * Open for an Azure login server; for any other registry the header means nothing to the
 * registry, so the section is a closed disclosure that says so.
 */
export function SourceClientSection({ loginServer }: { loginServer: string }) {
  const azure = isAzureLoginServer(loginServer);
  const id = useId();
  const [cloud, setCloud] = useState<string>('azure');
  const [service, setService] = useState<string>('aks');
  const [typed, setTyped] = useState('');
  const custom = service === OTHER;
  const check = checkSourceClient(custom ? typed : composeSourceClient(cloud, service));
  const problemId = `${id}-problem`;

  return (
    <details open={azure} className="group rounded-panel border border-slate-200 bg-surface">
      <summary className="cursor-pointer px-4 py-3 focus-visible:outline-2">
        <h2 id={`${id}-title`} className="inline font-semibold">
          Docker config.json with X-Meta-Source-Client
        </h2>
        {!azure && <span className="ml-2 text-sm text-slate-600">Azure Container Registry only</span>}
      </summary>
      <section aria-labelledby={`${id}-title`} className="flex flex-col gap-3 px-4 pb-4">
        <p className="text-sm text-slate-700">
          Azure Container Registry counts requests by the service that sends them, from the{' '}
          <span className="font-mono">X-Meta-Source-Client</span> header (telemetry only: it never affects access). Docker sends it when{' '}
          <span className="font-mono">~/.docker/config.json</span> lists it under <span className="font-mono">HttpHeaders</span>.
        </p>
        <div className="flex flex-wrap items-end gap-3 text-sm">
          <label className="flex flex-col gap-1">
            <span>Cloud</span>
            <select className={selectClass} value={cloud} disabled={custom} onChange={(event) => setCloud(event.target.value)}>
              {SOURCE_CLIENT_CLOUDS.map((entry) => (
                <option key={entry.prefix} value={entry.prefix}>
                  {entry.label} ({entry.prefix}/)
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col gap-1">
            <span>Service</span>
            <select className={selectClass} value={service} onChange={(event) => setService(event.target.value)}>
              {SERVICE_PATHS.map((entry) => (
                <option key={entry.path} value={entry.path}>
                  {entry.label} ({entry.path})
                </option>
              ))}
              <option value={OTHER}>Other: type a value…</option>
            </select>
          </label>
          {custom && (
            <label className="flex flex-col gap-1">
              <span>X-Meta-Source-Client value</span>
              <input
                className={`${selectClass} w-72 font-mono aria-[invalid=true]:border-red-500`}
                value={typed}
                placeholder="<cloud>/<service>[/<optionalservicename>]"
                aria-invalid={!check.ok}
                aria-describedby={problemId}
                onChange={(event) => setTyped(event.target.value)}
              />
            </label>
          )}
        </div>
        <p id={problemId} className="text-sm" aria-live="polite">
          {check.ok ? (
            <>
              Header value <span className="font-mono font-medium">{check.value}</span>
              {check.unknownCloud && <span className="text-amber-800"> — not one of the documented clouds; ACR accepts it, but check the spelling.</span>}
            </>
          ) : (
            <span className="text-red-700">{check.problem}</span>
          )}
        </p>
        {check.ok && (
          <>
            <CommandBlock label="Docker config.json snippet" text={dockerConfigSnippet(loginServer, check.value)} />
            <p className="text-sm text-slate-600">
              Merge it into an existing config rather than replacing it: keep its <span className="font-mono">auths</span>,{' '}
              <span className="font-mono">credsStore</span> and other entries. <span className="font-mono">docker login</span> fills in the{' '}
              <span className="font-mono">auths</span> entry.
            </p>
          </>
        )}
      </section>
    </details>
  );
}
