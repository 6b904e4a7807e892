import LoaderCircle from 'lucide-react/icons/loader-circle';

/** Beside a digest remembered from the last visit, until the registry confirms (or moves) it. */
export function CheckingMarker() {
  return (
    <span role="img" aria-label="Checking" title="From your last visit; checking with the registry" className="inline-flex shrink-0 text-slate-500">
      <LoaderCircle aria-hidden="true" className="size-3.5 animate-spin motion-reduce:animate-none" />
    </span>
  );
}
