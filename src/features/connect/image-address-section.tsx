import { useId, useState } from 'react';
import { isDigest } from '../../registry/digest';
import { isValidRepositoryName, isValidTag } from '../../registry/names';
import { CommandBlock } from './command-block';
import { pushCommands, referenceByDigest, referenceByTag } from './connect-snippets';

const DIGEST_PLACEHOLDER = 'sha256:<digest>';
const inputClass = 'w-full rounded border border-slate-300 bg-surface px-2 py-1 font-mono text-sm focus-visible:outline-2 focus-visible:outline-focus aria-[invalid=true]:border-red-500';

/** Pull and push addresses by tag and by digest, for a repository and tag the user types. */
export function ImageAddressSection({ loginServer }: { loginServer: string }) {
  const id = useId();
  const [repository, setRepository] = useState('samples/hello-world');
  const [tag, setTag] = useState('v1');
  const [digest, setDigest] = useState('');
  const repositoryOk = isValidRepositoryName(repository);
  const tagOk = isValidTag(tag);
  const digestOk = digest === '' || isDigest(digest);
  const shownDigest = digest === '' ? DIGEST_PLACEHOLDER : digest;
  const ready = repositoryOk && tagOk && digestOk;

  return (
    <section aria-labelledby={`${id}-title`} className="flex flex-col gap-3">
      <h2 id={`${id}-title`} className="font-semibold">
        Image addresses
      </h2>
      <p className="text-sm text-slate-700">
        An image is addressed by tag (<span className="font-mono">{loginServer}/&lt;repository&gt;:&lt;tag&gt;</span>), which can be moved to
        other content, or by digest (<span className="font-mono">{loginServer}/&lt;repository&gt;@sha256:…</span>), which always means the same
        bytes.
      </p>
      <div className="grid gap-3 sm:grid-cols-3">
        <label className="flex flex-col gap-1 text-sm">
          <span>Repository</span>
          <input className={inputClass} value={repository} aria-invalid={!repositoryOk} onChange={(event) => setRepository(event.target.value.trim())} />
          {!repositoryOk && <span className="text-xs text-red-700">Lowercase path components separated by "/", e.g. team/app.</span>}
        </label>
        <label className="flex flex-col gap-1 text-sm">
          <span>Tag</span>
          <input className={inputClass} value={tag} aria-invalid={!tagOk} onChange={(event) => setTag(event.target.value.trim())} />
          {!tagOk && <span className="text-xs text-red-700">Up to 128 of A-Z a-z 0-9 _ . -, not starting with . or -.</span>}
        </label>
        <label className="flex flex-col gap-1 text-sm">
          <span>Digest (optional)</span>
          <input className={inputClass} value={digest} placeholder={DIGEST_PLACEHOLDER} aria-invalid={!digestOk} onChange={(event) => setDigest(event.target.value.trim())} />
          {!digestOk && <span className="text-xs text-red-700">sha256: followed by 64 lowercase hex digits.</span>}
        </label>
      </div>
      {ready && (
        <div className="flex flex-col gap-2 text-sm">
          <h3 className="font-medium">Pull by tag</h3>
          <CommandBlock label="pull by tag command" text={`docker pull ${referenceByTag(loginServer, repository, tag)}`} />
          <h3 className="font-medium">Pull by digest</h3>
          <CommandBlock label="pull by digest command" text={`docker pull ${referenceByDigest(loginServer, repository, shownDigest)}`} />
          <h3 className="font-medium">Push (to a tag)</h3>
          <CommandBlock label="push commands" text={pushCommands(loginServer, repository, tag)} />
          <p className="text-slate-600">
            A push always goes to a tag; the digest it prints is the by-digest address of what was pushed. The same addresses work in a
            Dockerfile <span className="font-mono">FROM</span> line and in Kubernetes <span className="font-mono">image:</span> fields.
          </p>
        </div>
      )}
    </section>
  );
}
