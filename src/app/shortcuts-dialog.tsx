import { Dialog } from '../components/ui/dialog';

export const SHORTCUTS: [keys: string[], what: string][] = [
  [['Ctrl', 'K'], 'Go to anything (⌘K on a Mac)'],
  [['/'], 'Focus the filter'],
  [['j'], 'Next row'],
  [['k'], 'Previous row'],
  [['Enter'], 'Open the focused row'],
  [['F8'], 'Go to the notifications'],
  [['?'], 'This list'],
];

/** `?`: the keyboard shortcuts. */
export function ShortcutsDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Keyboard shortcuts" description="Single keys work when no text field has the focus.">
      <table className="text-sm">
        <caption className="sr-only">Keyboard shortcuts</caption>
        <tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <tr key={what}>
              <td className="py-1 pr-4 whitespace-nowrap">
                {keys.map((key) => (
                  <kbd key={key} className="mr-1 rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-sans text-xs">
                    {key}
                  </kbd>
                ))}
              </td>
              <td className="py-1 text-slate-700">{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
