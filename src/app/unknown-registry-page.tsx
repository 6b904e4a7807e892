import { PageTitle } from '../components/ui/page-title';
import type { RegistryChoice } from './registries-context';

interface UnknownRegistryPageProps {
  name: string;
  registries: RegistryChoice[];
  hrefOf: (index: number) => string;
  onOpen: (index: number) => void;
}

/** `/@<name>` that names no configured registry: say so, and list the ones that exist. */
export function UnknownRegistryPage({ name, registries, hrefOf, onOpen }: UnknownRegistryPageProps) {
  return (
    <main className="mx-auto max-w-xl px-4 py-16">
      <PageTitle>{`No registry named “${name}”`}</PageTitle>
      <h1 className="text-2xl font-semibold">No registry named “{name}”</h1>
      <p className="mt-2 text-slate-600">
        This address names a registry that <span className="font-mono">config.json</span> does not configure. The configured registries are:
      </p>
      <ul className="mt-4 flex flex-col gap-2" aria-label="Configured registries">
        {registries.map((registry, index) => (
          <li key={registry.name}>
            <a
              href={hrefOf(index)}
              onClick={(event) => {
                event.preventDefault();
                onOpen(index);
              }}
              className="text-sky-800 hover:underline"
            >
              {registry.name}
            </a>{' '}
            <span className="font-mono text-xs text-slate-500">{registry.loginServer}</span>
            {index === 0 && <span className="ml-2 text-xs text-slate-500">(default)</span>}
          </li>
        ))}
      </ul>
    </main>
  );
}
