import { useEffect, useState } from 'react';
import { isDigest } from '../../registry/digest';
import { sha256Digest } from '../../registry/sha256';

type Check = { state: 'pending' } | { state: 'done'; actual: string } | { state: 'failed'; error: unknown };

/**
 * Hashes the exact bytes shown (Web Crypto) and compares with the digest they are known by. The
 * client already refuses mismatching manifests and blobs; this makes the proof visible, and is
 * loud if it ever fails. Keyed by the caller on the bytes' identity.
 */
export function DigestCheck({ bytes, expected }: { bytes: Uint8Array; expected: string }) {
  const [check, setCheck] = useState<Check>({ state: 'pending' });
  useEffect(() => {
    let live = true;
    sha256Digest(bytes).then(
      (actual) => live && setCheck({ state: 'done', actual }),
      (error: unknown) => live && setCheck({ state: 'failed', error }),
    );
    return () => {
      live = false;
    };
  }, [bytes]);

  if (!isDigest(expected)) {
    return <p className="text-sm text-slate-600">The digest {expected} is not sha256: it cannot be verified here.</p>;
  }
  if (check.state === 'pending') {
    return (
      <p role="status" className="text-sm text-slate-500">
        Verifying sha256…
      </p>
    );
  }
  if (check.state === 'failed') {
    return (
      <p role="alert" className="text-sm text-amber-800">
        Could not compute sha256 in this browser ({check.error instanceof Error ? check.error.message : String(check.error)}): the bytes are not verified.
      </p>
    );
  }
  if (check.actual === expected) {
    return (
      <p role="status" className="text-sm font-medium text-emerald-800">
        <span aria-hidden="true">✓ </span>sha256 verified: the {bytes.byteLength} bytes hash to <code className="font-mono text-xs break-all">{expected}</code>
      </p>
    );
  }
  return (
    <div role="alert" className="rounded-md border-2 border-red-600 bg-red-50 p-3 text-red-900">
      <p className="font-bold">Digest mismatch — do not trust these bytes</p>
      <p className="mt-1 text-sm">
        Expected <code className="font-mono text-xs break-all">{expected}</code> but the {bytes.byteLength} bytes received hash to{' '}
        <code className="font-mono text-xs break-all">{check.actual}</code>.
      </p>
    </div>
  );
}
