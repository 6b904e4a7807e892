import { CopyButton } from '../../components/ui/copy-button';

interface CommandBlockProps {
  /** Names the block for assistive tech and the copy button ("Copy <label>"). */
  label: string;
  text: string;
}

/** A command or snippet shown verbatim, with a copy button. */
export function CommandBlock({ label, text }: CommandBlockProps) {
  return (
    <figure className="flex items-start gap-2">
      <pre aria-label={label} className="min-w-0 flex-1 overflow-x-auto rounded bg-code px-3 py-2 font-mono text-xs text-code-fg">
        {text}
      </pre>
      <CopyButton text={text} label={`Copy ${label}`} />
    </figure>
  );
}
