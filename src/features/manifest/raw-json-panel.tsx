import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { CopyButton } from '../../components/ui/copy-button';
import { ErrorPanel } from '../../components/ui/error-panel';
import { digestedBytes } from '../../registry/schema1';
import type { FetchedManifest } from '../../registry/types';
import { DigestCheck } from './digest-check';
import { Loading } from './panel';
import { prettyJson } from './pretty-json';
import { useInspectorQueries } from './use-inspector-queries';

function fileName(digest: string, suffix: string): string {
  return `${digest.replace(':', '-')}.${suffix}.json`;
}

/** Saves the exact bytes (not the pretty-printed text) through a Blob URL. */
function download(bytes: Uint8Array, mediaType: string, name: string) {
  const url = URL.createObjectURL(new Blob([new Uint8Array(bytes)], { type: mediaType }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = name;
  anchor.rel = 'noopener';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

interface RawBytesProps {
  what: 'manifest' | 'config';
  bytes: Uint8Array;
  digest: string;
  mediaType: string;
}

/** Pretty-printed JSON in a <pre> (text only, never HTML), with copy, download and the digest check. */
export function RawBytes({ what, bytes, digest, mediaType }: RawBytesProps) {
  const shown = prettyJson(bytes);
  // Docker schema 1: the digest covers the payload without the JWS signatures.
  const hashed = useMemo(() => (what === 'manifest' ? digestedBytes(bytes, mediaType) : bytes), [what, bytes, mediaType]);
  return (
    <div className="space-y-2">
      <DigestCheck key={digest} bytes={hashed} expected={digest} />
      {hashed !== bytes && (
        <p className="text-xs text-slate-600">
          Docker schema 1: the digest covers the {hashed.byteLength}-byte payload without the JWS signatures, not the {bytes.byteLength} bytes received (registries sign it anew on
          every request).
        </p>
      )}
      <div className="flex flex-wrap items-center gap-2">
        <CopyButton text={shown.text} label={`Copy ${what} JSON`} showTextAsTitle={false}>
          {`Copy ${what} JSON`}
        </CopyButton>
        <button
          type="button"
          onClick={() => download(bytes, mediaType, fileName(digest, what))}
          className="rounded border border-slate-300 bg-surface px-2 py-0.5 text-xs hover:bg-slate-100"
        >
          Download {what} bytes
        </button>
        <span className="text-xs text-slate-500">
          {bytes.byteLength} bytes · <span className="font-mono">{mediaType}</span>
        </span>
      </div>
      {shown.problem && <p className="text-sm text-amber-800">{shown.problem}</p>}
      <pre aria-label={`${what} JSON`} className="max-h-[32rem] overflow-auto rounded bg-code p-3 font-mono text-xs text-code-fg">
        {shown.text}
      </pre>
    </div>
  );
}

function RawConfig({ name, digest, mediaType }: { name: string; digest: string; mediaType: string }) {
  const { manifest: queries } = useInspectorQueries();
  const blob = useQuery(queries.blob(name, digest));
  if (blob.isPending) return <Loading what="the config blob" />;
  if (blob.isError) return <ErrorPanel error={blob.error} title="Could not read the config blob" onRetry={() => void blob.refetch()} />;
  return <RawBytes what="config" bytes={blob.data} digest={digest} mediaType={mediaType} />;
}

/** The manifest's exact bytes, and (for images and artifacts) the config blob's, one at a time. */
export function RawJsonPanel({ name, fetched }: { name: string; fetched: FetchedManifest }) {
  const [view, setView] = useState<'manifest' | 'config'>('manifest');
  const config = fetched.manifest.kind === 'image' ? fetched.manifest.config : undefined;
  const tab = (value: 'manifest' | 'config', label: string) => (
    <button
      type="button"
      aria-pressed={view === value}
      onClick={() => setView(value)}
      className={`rounded px-3 py-1 text-sm ${view === value ? 'bg-primary text-primary-fg' : 'bg-slate-100 text-slate-700 hover:bg-slate-200'}`}
    >
      {label}
    </button>
  );
  return (
    <div className="space-y-3">
      {config && (
        <div role="group" aria-label="Raw document" className="flex gap-2">
          {tab('manifest', 'Manifest')}
          {tab('config', 'Config')}
        </div>
      )}
      {view === 'config' && config ? (
        <RawConfig name={name} digest={config.digest} mediaType={config.mediaType} />
      ) : (
        <RawBytes what="manifest" bytes={fetched.bytes} digest={fetched.digest} mediaType={fetched.mediaType} />
      )}
    </div>
  );
}
