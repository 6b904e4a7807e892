/** What the figures mean: the audit's definitions, stated where the numbers are. */
export function AuditDefinitions() {
  return (
    <details className="rounded-md border border-slate-200 bg-surface p-3 text-sm text-slate-700">
      <summary className="cursor-pointer font-medium">How these figures are computed</summary>
      <dl className="mt-2 grid gap-x-4 gap-y-1 sm:grid-cols-[max-content_1fr]">
        <dt className="font-medium">Distinct images</dt>
        <dd>Manifests that tags point at, each digest counted once however many tags or repositories share it (a multi-platform index is one image).</dd>
        <dt className="font-medium">Logical size</dt>
        <dd>The sum of the distinct images&apos; sizes; an image&apos;s size is its config plus its layers (an index: all its platforms).</dd>
        <dt className="font-medium">Stored size</dt>
        <dd>Every distinct blob — configs and layers — those images reference, counted once: layers shared between images and repositories are stored once. Manifests and foreign layers are not counted.</dd>
        <dt className="font-medium">Dedup ratio</dt>
        <dd>Logical ÷ stored: how many times over sharing makes the storage count.</dd>
        <dt className="font-medium">Stale</dt>
        <dd>A repository with no image created within the last N days (empty repositories included).</dd>
        <dt className="font-medium">Untagged (known)</dt>
        <dd>
          Digests this browser once saw under a tag of the repository that no tag points at now (not re-checked: some may have been deleted since). From the registry
          index (&quot;Untagged&quot;): every stored manifest without a tag that is neither a platform of an index nor a referrer.
        </dd>
        <dt className="font-medium">Tags seen moving</dt>
        <dd>Tags seen pointing at more than one digest over time (mutable tags such as latest).</dd>
        <dt className="font-medium">Saved by sharing</dt>
        <dd>A shared blob&apos;s size × (images using it − 1): what storing it once per image would add.</dd>
      </dl>
    </details>
  );
}
