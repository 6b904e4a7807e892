import { useId } from 'react';
import { shortDigest } from '../../components/ui/format';

interface ReferencePickerProps {
  label: string;
  value: string;
  tags: readonly string[];
  onChange: (reference: string) => void;
}

/** A tag (or the digest in the URL) of the repository. */
export function ReferencePicker({ label, value, tags, onChange }: ReferencePickerProps) {
  const id = useId();
  const options = tags.includes(value) ? tags : [value, ...tags];
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium text-slate-700">
        {label}
      </label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)} className="rounded border border-slate-300 bg-surface px-2 py-1 font-mono text-sm">
        {options.map((option) => (
          <option key={option} value={option}>
            {option.startsWith('sha256:') ? shortDigest(option) : option}
          </option>
        ))}
      </select>
    </div>
  );
}

interface PlatformPickerProps {
  label: string;
  value: string | undefined;
  platforms: readonly string[];
  onChange: (platform: string) => void;
}

export function PlatformPicker({ label, value, platforms, onChange }: PlatformPickerProps) {
  const id = useId();
  return (
    <div className="flex items-center gap-2 text-sm">
      <label htmlFor={id} className="text-slate-600">
        {label}
      </label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)} className="rounded border border-slate-300 bg-surface px-2 py-0.5 font-mono text-sm">
        {platforms.map((platform) => (
          <option key={platform} value={platform}>
            {platform}
          </option>
        ))}
      </select>
    </div>
  );
}
