import { Link } from '../../components/routing';
import { ErrorPanel } from '../../components/ui/error-panel';
import { repositoryPath } from '../../config/route-paths';
import { isRegistryError } from '../../registry/errors';

/** Why a reference could not be opened, in the words of the failure: unknown tag, manifest, repository… */
export function referenceErrorTitle(error: unknown, reference: string, name: string): string {
  if (!isRegistryError(error)) return `Could not open ${reference}`;
  if (error.code === 'NAME_UNKNOWN') return `Repository ${name} not found`;
  if (error.status === 404) return `Manifest ${reference} not found in ${name}`;
  if (error.code === 'UNSUPPORTED_MEDIA_TYPE') return `${reference} is a manifest type Regatta cannot read`;
  if (error.code === 'MANIFEST_MALFORMED') return `${reference} is not a valid manifest`;
  if (error.code === 'DIGEST_MISMATCH') return `Digest mismatch on ${reference}: the content is not trustworthy`;
  return `Could not open ${reference}`;
}

export function ReferenceError({ name, reference, error, onRetry }: { name: string; reference: string; error: unknown; onRetry?: () => void }) {
  return (
    <div className="mt-4 space-y-2">
      <ErrorPanel error={error} title={referenceErrorTitle(error, reference, name)} onRetry={onRetry} />
      <p>
        <Link to={repositoryPath(name)} className="text-sm text-sky-700 underline hover:text-sky-900">
          Back to the tags of {name}
        </Link>
      </p>
    </div>
  );
}

export function TagNotFound({ name, reference }: { name: string; reference: string }) {
  return (
    <div role="alert" className="mt-4 rounded-md border border-red-300 bg-red-50 p-4 text-sm text-red-900">
      <p className="font-semibold">
        Tag <span className="font-mono">{reference}</span> not found in {name}
      </p>
      <p className="mt-1">The registry answered 404: the tag does not exist (or was deleted).</p>
      <p className="mt-2">
        <Link to={repositoryPath(name)} className="text-sky-700 underline hover:text-sky-900">
          Back to the tags of {name}
        </Link>
      </p>
    </div>
  );
}
