import { Link } from '../../components/routing';
import { CopyButton } from '../../components/ui/copy-button';
import { formatDateTime, shortDigest } from '../../components/ui/format';
import { diffPath, manifestPath, pullByDigest, pullByTag } from '../../config/route-paths';
import type { ContainingIndex } from '../../queries/layer-sharing';
import type { ManifestClassification } from '../../queries/manifest-kind';
import { ByteSize } from './byte-size';
import { ManifestKindIcon } from './manifest-kind-icon';
import type { TagsForDigest } from './use-repository-tags';
import { createdTime } from '../../registry/created-time';

interface ManifestHeaderProps {
  name: string;
  reference: string;
  digest: string;
  classification: ManifestClassification;
  mediaType: string;
  /** Config + layers for an image; undefined for an index. */
  size?: number;
  manifestSize: number;
  created?: string;
  /** os/architecture when the manifest itself says (Docker schema 1). */
  platform?: string;
  loginServer: string;
  tagsHere: TagsForDigest;
  /** Images only: known indexes listing this manifest. */
  indexes?: ContainingIndex[];
}

function Field({ label, children, className = '' }: { label: string; children: React.ReactNode; className?: string }) {
  // A <div> straight inside the <dl>: axe (and the HTML spec) allow one level of grouping only.
  return (
    <div className={`min-w-0 ${className}`}>
      <dt className="text-xs font-medium text-slate-600">{label}</dt>
      <dd className="mt-0.5 text-sm text-slate-900">{children}</dd>
    </div>
  );
}

function TagsHere({ name, tagsHere }: { name: string; tagsHere: TagsForDigest }) {
  if (tagsHere.listing.isError) return <span className="text-red-700">could not list tags</span>;
  const pending = tagsHere.listing.isPending || tagsHere.checked < tagsHere.total;
  return (
    <span className="flex flex-wrap items-center gap-1">
      {tagsHere.tags.length === 0 && !pending && <span className="text-slate-500">none (untagged)</span>}
      {tagsHere.tags.map((tag) => (
        <Link key={tag} to={manifestPath(name, tag)} className="rounded bg-sky-50 px-1.5 py-0.5 font-mono text-xs text-sky-800 ring-1 ring-sky-200 hover:underline">
          {tag}
        </Link>
      ))}
      {pending && (
        <span role="status" className="text-xs text-slate-500">
          checking tags… {tagsHere.checked}/{tagsHere.total}
        </span>
      )}
    </span>
  );
}

/** Kind, digest, sizes, dates, tags, pull addresses: what someone asks first about a manifest. */
export function ManifestHeader(props: ManifestHeaderProps) {
  const { name, reference, digest, classification, tagsHere, loginServer } = props;
  const pullTag = tagsHere.tags.includes(reference) ? reference : tagsHere.tags[0];
  const compareWith = tagsHere.listing.data?.find((tag) => !tagsHere.tags.includes(tag)) ?? reference;
  return (
    <div className="rounded-md border border-slate-200 bg-surface p-4">
      <div className="flex flex-wrap items-center gap-2">
        <span className="inline-flex items-center gap-1 rounded-full bg-indigo-50 px-2 py-0.5 text-sm font-medium text-indigo-800 ring-1 ring-indigo-200" data-testid="manifest-kind">
          <ManifestKindIcon kind={classification.kind} />
          {classification.label}
        </span>
        <span className="font-mono text-xs text-slate-500">{props.mediaType}</span>
        <Link to={diffPath(name, reference, compareWith)} className="ml-auto text-sm text-sky-700 underline hover:text-sky-900">
          Compare with…
        </Link>
      </div>
      <dl className="mt-3 grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <div className="min-w-0 sm:col-span-2 lg:col-span-4">
          <dt className="text-xs font-medium text-slate-600">Digest</dt>
          <dd className="mt-0.5 flex items-center gap-2">
            <code className="font-mono text-sm break-all" data-testid="manifest-digest">
              {digest}
            </code>
            <CopyButton text={digest} label="Copy manifest digest" />
          </dd>
        </div>
        {classification.artifactType && (
          <Field label="Artifact type">
            <code className="font-mono text-xs break-all">{classification.artifactType}</code>
          </Field>
        )}
        <Field label={props.size === undefined ? 'Manifest size' : 'Size (config + layers)'}>
          <ByteSize bytes={props.size ?? props.manifestSize} />
        </Field>
        {props.platform && (
          <Field label="Platform">
            <span className="font-mono text-xs">{props.platform}</span>
          </Field>
        )}
        <Field label="Created">{createdTime(props.created) !== undefined ? <time dateTime={props.created}>{formatDateTime(props.created)}</time> : <span className="text-slate-500">unknown</span>}</Field>
        <Field label="Tags pointing here" className="sm:col-span-2">
          <TagsHere name={name} tagsHere={tagsHere} />
        </Field>
        {props.indexes && (
          <Field label="Contained in index" className="sm:col-span-2 lg:col-span-4">
            {props.indexes.length === 0 ? (
              <span className="text-slate-500">none among the indexes loaded so far</span>
            ) : (
              <ul className="flex flex-wrap gap-2">
                {props.indexes.map((index) => (
                  <li key={index.digest}>
                    <Link to={manifestPath(name, index.tags[0] ?? index.digest)} className="font-mono text-xs text-sky-700 underline">
                      {index.tags.length > 0 ? index.tags.join(', ') : shortDigest(index.digest)}
                    </Link>{' '}
                    <span className="font-mono text-xs text-slate-500">{shortDigest(index.digest)}</span>
                  </li>
                ))}
              </ul>
            )}
          </Field>
        )}
      </dl>
      <div className="mt-3 space-y-1">
        <h3 className="text-xs font-medium text-slate-600">Pull</h3>
        {pullTag && <PullLine command={pullByTag(loginServer, name, pullTag)} label={`Copy pull command by tag ${pullTag}`} />}
        <PullLine command={pullByDigest(loginServer, name, digest)} label="Copy pull command by digest" />
      </div>
    </div>
  );
}

function PullLine({ command, label }: { command: string; label: string }) {
  return (
    <p className="flex items-center gap-2">
      <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs break-all">{command}</code>
      <CopyButton text={command} label={label} />
    </p>
  );
}
