import { useId } from 'react';
import { useRegistry } from '../queries/registry-context';
import { useRegistries } from './registries-context';

/** The active registry's name; a "Registry" select when several are configured. */
export function RegistrySwitcher() {
  const registry = useRegistry();
  const registries = useRegistries();
  const id = useId();
  if (!registries || registries.registries.length < 2) return <span className="font-medium">{registry.name}</span>;
  return (
    <span className="flex items-baseline gap-1">
      <label htmlFor={id} className="sr-only">
        Registry
      </label>
      <select
        id={id}
        value={registries.activeIndex}
        onChange={(event) => registries.switchTo(Number(event.target.value))}
        className="rounded border border-slate-300 bg-surface px-1 py-0.5 text-sm font-medium focus-visible:outline-2 focus-visible:outline-focus"
      >
        {registries.registries.map((choice, index) => (
          <option key={choice.name} value={index}>
            {choice.name}
          </option>
        ))}
      </select>
    </span>
  );
}
