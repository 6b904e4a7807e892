interface ProgressBarProps {
  label: string;
  value: number;
  max: number;
}

/** A native <progress> (role progressbar with its values) and the same numbers as text. */
export function ProgressBar({ label, value, max }: ProgressBarProps) {
  return (
    <div className="flex flex-col gap-1">
      <progress aria-label={label} value={value} max={Math.max(max, 1)} className="h-2 w-full accent-sky-700" />
      <span className="text-xs text-slate-600">
        {label}: {value} of {max}
      </span>
    </div>
  );
}
