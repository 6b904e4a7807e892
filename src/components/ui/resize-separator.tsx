import type { KeyboardEvent, PointerEvent } from 'react';

interface ResizeSeparatorProps {
  /** Width of the panel before the separator, px. */
  value: number;
  min: number;
  max: number;
  onChange: (value: number) => void;
  label: string;
  /** Pixels per arrow key press (Shift: four times as many). */
  step?: number;
}

/**
 * The WAI-ARIA window splitter: a focusable vertical separator carrying the panel's width in
 * aria-valuenow, moved by dragging or by ←/→ (Home/End: narrowest/widest).
 */
export function ResizeSeparator({ value, min, max, onChange, label, step = 16 }: ResizeSeparatorProps) {
  const clamp = (next: number) => Math.round(Math.min(max, Math.max(min, next)));

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const by = event.shiftKey ? step * 4 : step;
    let next: number | undefined;
    if (event.key === 'ArrowLeft') next = value - by;
    else if (event.key === 'ArrowRight') next = value + by;
    else if (event.key === 'Home') next = min;
    else if (event.key === 'End') next = max;
    if (next === undefined) return;
    event.preventDefault();
    onChange(clamp(next));
  }

  function onPointerDown(event: PointerEvent<HTMLDivElement>) {
    if (event.button !== 0) return;
    event.preventDefault();
    const handle = event.currentTarget;
    handle.setPointerCapture(event.pointerId);
    handle.focus();
    const startX = event.clientX;
    const startValue = value;
    const move = (moved: globalThis.PointerEvent) => onChange(clamp(startValue + moved.clientX - startX));
    const stop = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', stop);
      handle.removeEventListener('pointercancel', stop);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', stop);
    handle.addEventListener('pointercancel', stop);
  }

  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label={label}
      aria-valuenow={value}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      onKeyDown={onKeyDown}
      onPointerDown={onPointerDown}
      className="group flex w-2 shrink-0 cursor-col-resize touch-none justify-center focus-visible:outline-2 focus-visible:outline-focus"
    >
      <span aria-hidden="true" className="h-full w-px bg-slate-200 group-hover:w-0.5 group-hover:bg-sky-500 group-focus-visible:bg-sky-500" />
    </div>
  );
}
