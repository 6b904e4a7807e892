import { useState } from 'react';
import { buttonVariants } from './button';
import { copyText } from './copy-text';

interface CopyButtonProps {
  text: string;
  /** Accessible name, e.g. "Copy pull command for v1". */
  label: string;
  children?: React.ReactNode;
  className?: string;
  /**
   * Put the whole text in the `title` (the default). Turn off for text that may be huge (a 10 MB
   * manifest, a long annotation): the browser would keep and lay out all of it as a tooltip.
   */
  showTextAsTitle?: boolean;
  /** A decorative icon before the text. */
  icon?: React.ReactNode;
}

export function CopyButton({ text, label, children, className = '', showTextAsTitle = true, icon }: CopyButtonProps) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  async function copy(event: React.MouseEvent<HTMLButtonElement>) {
    try {
      // Clipboard API where the context allows it, else a selected textarea + execCommand (plain http).
      await copyText(text, event.currentTarget);
      setState('copied');
      window.setTimeout(() => setState('idle'), 1500);
    } catch {
      // Kept until the next click: the title says how to copy by hand.
      setState('failed');
    }
  }

  return (
    <button
      type="button"
      aria-label={label}
      title={state === 'failed' ? `The browser refused to copy: select the text and press Ctrl+C (⌘C).${showTextAsTitle ? `\n${text}` : ''}` : showTextAsTitle ? text : undefined}
      onClick={copy}
      className={`${buttonVariants({ size: 'sm' })} font-normal text-slate-700 ${className}`}
    >
      {icon}
      {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : (children ?? 'Copy')}
    </button>
  );
}
