import { useId } from 'react';

interface TypedConfirmationProps {
  expected: string;
  value: string;
  onChange: (value: string) => void;
  why: string;
}

/** "Type <name> to confirm": for actions that take more than one tag with them. */
export function TypedConfirmation({ expected, value, onChange, why }: TypedConfirmationProps) {
  const id = useId();
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-slate-800">
        {why} Type <strong className="font-mono">{expected}</strong> to confirm.
      </label>
      <input
        id={id}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        autoComplete="off"
        spellCheck={false}
        className="rounded border border-slate-300 px-2 py-1 font-mono focus-visible:outline-2"
      />
    </div>
  );
}
