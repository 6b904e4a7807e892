import { useState } from 'react';

interface CopyButtonProps {
  text: string;
  /** Accessible name, e.g. "Copy pull command for v1". */
  label: string;
  children?: React.ReactNode;
  className?: string;
}

export function CopyButton({ text, label, children, className = '' }: CopyButtonProps) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      // Clipboard access is refused on insecure origins; the text stays selectable in the title.
      setState('failed');
    }
    window.setTimeout(() => setState('idle'), 1500);
  }

  return (
    <button
      type="button"
      aria-label={label}
      title={text}
      onClick={copy}
      className={`rounded border border-slate-300 bg-white px-2 py-0.5 text-xs text-slate-700 hover:bg-slate-100 focus-visible:outline-2 ${className}`}
    >
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : (children ?? 'Copy')}
    </button>
  );
}
