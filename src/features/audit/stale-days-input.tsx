import { useState } from 'react';

interface StaleDaysInputProps {
  value: number;
  onChange: (days: number) => void;
}

/** N of "stale after N days": the draft may be empty or half-typed; only whole numbers apply. */
export function StaleDaysInput({ value, onChange }: StaleDaysInputProps) {
  const [draft, setDraft] = useState(String(value));
  return (
    <label className="flex w-fit flex-col text-sm">
      <span>Stale after (days without a new image)</span>
      <input
        type="number"
        min={0}
        step={1}
        value={draft}
        onChange={(e) => {
          const next = e.currentTarget.value;
          setDraft(next);
          const days = Number(next);
          if (next !== '' && Number.isInteger(days) && days >= 0) onChange(days);
        }}
        className="w-32 rounded border border-slate-300 px-2 py-1"
      />
    </label>
  );
}
