import type { UseQueryResult } from '@tanstack/react-query';
import { ErrorPanel } from '../../components/ui/error-panel';
import { shortDigest } from '../../components/ui/format';
import type { ManifestHead } from '../../registry/types';

interface TargetStatusProps {
  reference: string;
  sourceDigest: string;
  head: UseQueryResult<ManifestHead | null>;
}

/** What the target tag points at now, and what writing it would mean for that image. */
export function TargetStatus({ reference, sourceDigest, head }: TargetStatusProps) {
  if (head.isPending) return <p role="status">Checking {reference}…</p>;
  if (head.isError) return <ErrorPanel error={head.error} title={`Could not check ${reference}`} />;
  if (head.data === null) return <p>{reference} does not exist yet: it will be created.</p>;
  if (head.data.digest === sourceDigest) return <p>{reference} already points at this image ({shortDigest(sourceDigest)}): writing it changes nothing.</p>;
  return (
    <p role="alert" className="rounded border border-amber-300 bg-amber-50 p-2 text-amber-950">
      {reference} exists and points at another image, <span className="font-mono">{shortDigest(head.data.digest)}</span>. It will be moved to{' '}
      <span className="font-mono">{shortDigest(sourceDigest)}</span>; if it was the only tag of{' '}
      <span className="font-mono">{shortDigest(head.data.digest)}</span>, that image becomes untagged.
    </p>
  );
}
