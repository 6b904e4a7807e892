export interface KeyedThrottle {
  /** Asks for `run(key)`: at once when the key is quiet, otherwise once at the end of its window. */
  call(key: string): void;
  /** Drops every pending run. */
  cancel(): void;
}

/**
 * Leading + trailing throttle per key: a key's first call runs at once and opens a window of
 * `windowMs`; calls inside it collapse into one run when it closes, which opens the next window.
 * A burst of any length costs at most one run per window, and its last call is never lost.
 */
export function createKeyedThrottle(windowMs: number, run: (key: string) => void): KeyedThrottle {
  const windows = new Map<string, { timer: ReturnType<typeof setTimeout>; pending: boolean }>();
  const open = (key: string) => {
    const timer = setTimeout(() => {
      const pending = windows.get(key)?.pending ?? false;
      windows.delete(key);
      if (pending) {
        run(key);
        open(key);
      }
    }, windowMs);
    windows.set(key, { timer, pending: false });
  };
  return {
    call(key) {
      const window = windows.get(key);
      if (window) {
        window.pending = true;
        return;
      }
      run(key);
      open(key);
    },
    cancel() {
      for (const { timer } of windows.values()) clearTimeout(timer);
      windows.clear();
    },
  };
}
