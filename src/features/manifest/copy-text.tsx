import { useState } from 'react';

/**
 * A copy button for text that may be huge (a 10 MB manifest, a long annotation): unlike the
 * shared CopyButton it puts no `title` with the whole text on the element.
 */
export function CopyText({ text, label, children = label }: { text: string; label: string; children?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
    setTimeout(() => setState('idle'), 1500);
  }
  return (
    <button type="button" aria-label={label} onClick={() => void copy()} className="rounded border border-slate-300 bg-white px-2 py-0.5 text-xs hover:bg-slate-100">
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : children}
    </button>
  );
}
