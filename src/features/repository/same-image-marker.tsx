import { SHARED_COLOURS } from './digest-groups';

/** Literal class names (Tailwind only generates what it can read in the source). */
const CHIP_COLOURS: readonly string[] = [
  'bg-sky-100 text-sky-900 ring-sky-300',
  'bg-amber-100 text-amber-900 ring-amber-300',
  'bg-emerald-100 text-emerald-900 ring-emerald-300',
  'bg-fuchsia-100 text-fuchsia-900 ring-fuchsia-300',
  'bg-orange-100 text-orange-900 ring-orange-300',
  'bg-teal-100 text-teal-900 ring-teal-300',
  'bg-violet-100 text-violet-900 ring-violet-300',
  'bg-lime-100 text-lime-900 ring-lime-300',
];

export function chipColourClass(colour: number): string {
  return CHIP_COLOURS[colour % SHARED_COLOURS] ?? CHIP_COLOURS[0] ?? '';
}

interface SameImageMarkerProps {
  /** Tags pointing at this digest, this one included. */
  count: number;
  colour: number;
  /** "same image as latest, v1". */
  text: string;
}

/** Tags on one digest get the same colour and say which other tags they are. */
export function SameImageMarker({ count, colour, text }: SameImageMarkerProps) {
  if (count < 2) return null;
  return (
    <span className="flex min-w-0 items-center gap-1 text-xs text-slate-600">
      <span title={`shared by ${count} tags`} className={`shrink-0 rounded-full px-1.5 font-medium ring-1 ${chipColourClass(colour)}`}>
        <span aria-hidden="true">×{count}</span>
        <span className="sr-only">shared by {count} tags</span>
      </span>
      <span className="truncate" title={text}>
        {text}
      </span>
    </span>
  );
}
