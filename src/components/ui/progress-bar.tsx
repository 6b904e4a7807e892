import { buttonClass } from './dialog';

interface ProgressBarProps {
  label: string;
  value: number;
  max: number;
}

/** A native <progress> (role progressbar with its values) and the same numbers as text. */
export function ProgressBar({ label, value, max }: ProgressBarProps) {
  return (
    <div className="flex flex-col gap-1">
      <progress aria-label={label} value={value} max={Math.max(max, 1)} className="h-2 w-full accent-primary" />
      <span className="text-xs text-slate-600">
        {label}: {value} of {max}
      </span>
    </div>
  );
}

/** Progress bars of a long job with the button that cancels it beside them. */
export function CancellableProgress({ onCancel, children }: { onCancel: () => void; children: React.ReactNode }) {
  return (
    <div className="flex items-end gap-2">
      <div className="flex flex-1 flex-col gap-1">{children}</div>
      <button type="button" className={buttonClass.secondary} onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

/** Under a scan's progress: how many repositories were asked again after the registry failed to answer (nothing when none). */
export function RetriedNote({ retried }: { retried: number }) {
  if (retried === 0) return null;
  return (
    <p className="text-xs text-slate-600" data-testid="scan-retried">
      Retried after registry errors (503, 429, a dropped connection): {retried} {retried === 1 ? 'repository' : 'repositories'}
    </p>
  );
}
