/** A placeholder bar while a value loads; hidden from assistive technology (the row says aria-busy). */
export function Skeleton({ className = 'w-16' }: { className?: string }) {
  return <span aria-hidden="true" className={`inline-block h-3 animate-pulse rounded bg-slate-200 align-middle ${className}`} />;
}
