import { useEffect, useState } from 'react';

/** `value`, once it stopped changing for `ms` (a HEAD per keystroke would be wasteful). */
export function useDebounced<T>(value: T, ms = 300): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
