import { useEffect, useState } from 'react';
import Monitor from 'lucide-react/icons/monitor';
import Moon from 'lucide-react/icons/moon';
import Sun from 'lucide-react/icons/sun';
import { readThemePreference, resolveTheme, writeThemePreference, type ThemePreference } from './theme';

const CHOICES: { value: ThemePreference; label: string; Icon: typeof Sun }[] = [
  { value: 'light', label: 'Light', Icon: Sun },
  { value: 'dark', label: 'Dark', Icon: Moon },
  { value: 'system', label: 'System', Icon: Monitor },
];

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

/** Light, dark or the system's; remembered in localStorage, applied by the html element's class. */
export function ThemeToggle() {
  const [preference, setPreference] = useState<ThemePreference>(() => readThemePreference(storage()));

  useEffect(() => {
    const media = window.matchMedia?.('(prefers-color-scheme: dark)');
    const apply = () => document.documentElement.classList.toggle('dark', resolveTheme(preference, media?.matches ?? false) === 'dark');
    apply();
    if (preference !== 'system' || !media) return;
    media.addEventListener('change', apply);
    return () => media.removeEventListener('change', apply);
  }, [preference]);

  const choose = (next: ThemePreference) => {
    writeThemePreference(storage(), next);
    setPreference(next);
  };

  return (
    <div role="group" aria-label="Colour theme" className="flex items-center rounded-control border border-slate-200 p-0.5">
      {CHOICES.map(({ value, label, Icon }) => (
        <button
          key={value}
          type="button"
          aria-pressed={preference === value}
          aria-label={`${label} theme`}
          title={`${label} theme`}
          onClick={() => choose(value)}
          className={`flex h-6 w-6 items-center justify-center rounded focus-visible:outline-2 ${
            preference === value ? 'bg-slate-200 text-slate-900' : 'text-slate-500 hover:text-slate-900'
          }`}
        >
          <Icon aria-hidden="true" className="size-3.5" />
        </button>
      ))}
    </div>
  );
}
