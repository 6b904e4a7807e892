import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useLocation, useNavigate } from '../../components/routing';
import { Command } from 'cmdk';
import ArrowRight from 'lucide-react/icons/arrow-right';
import Box from 'lucide-react/icons/box';
import Hash from 'lucide-react/icons/hash';
import History from 'lucide-react/icons/history';
import TagIcon from 'lucide-react/icons/tag';
import { Dialog } from '../../components/ui/dialog';
import { manifestPath, repositoryPath } from '../../config/route-paths';
import { catalogQueryOptions } from '../../queries/catalog-queries';
import { useRegistry } from '../../queries/registry-context';
import { repositoryQueries } from '../../queries/registry-queries';
import { manifestReference, parseReference } from './parse-reference';
import { browserStorage, loadRecent, placeFromPath } from './recent-places';

const MAX_REPOSITORIES = 40;
const MAX_TAGS = 40;

interface GotoDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

const itemClass =
  'flex cursor-default items-center gap-2 rounded px-2 py-1.5 text-sm text-slate-800 select-none data-[selected=true]:bg-slate-100 [&>svg]:size-4 [&>svg]:shrink-0 [&>svg]:text-slate-500';
const groupClass = '[&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:py-1 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:font-medium [&_[cmdk-group-heading]]:text-slate-600';

/**
 * Go to anything (Ctrl/⌘-K): recent places first, then repositories and tags matching what is
 * typed; a pasted reference (`host/team/app:1.2`, `…@sha256:…`, a `docker pull` line) opens its
 * manifest. Loaded on first use (app/ imports it lazily), so cmdk is not in the initial bundle.
 */
export function GotoDialog({ open, onOpenChange }: GotoDialogProps) {
  const registry = useRegistry();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [input, setInput] = useState('');
  const query = input.trim();
  const parsed = useMemo(() => parseReference(query), [query]);
  const here = placeFromPath(pathname);
  const recent = useMemo(() => (open ? loadRecent(browserStorage(), registry.url || registry.name) : []), [open, registry.url, registry.name]);

  const catalog = useQuery({ ...catalogQueryOptions(registry), enabled: open });
  const names = useMemo(() => catalog.data?.names ?? [], [catalog.data]);
  // Tags: of the repository typed before ":" (or pasted), else of the repository open now.
  const tagRepository = parsed?.name && names.includes(parsed.name) ? parsed.name : here?.name;
  const queries = useMemo(() => repositoryQueries(registry.client, registry.url), [registry.client, registry.url]);
  const tags = useQuery({ ...queries.tags(tagRepository ?? ''), enabled: open && tagRepository !== undefined });

  const lower = query.toLowerCase();
  const repositoryWord = lower.split(':')[0] ?? '';
  const matchingRepositories = useMemo(
    () => (repositoryWord === '' ? names.slice(0, MAX_REPOSITORIES) : names.filter((name) => name.includes(repositoryWord)).slice(0, MAX_REPOSITORIES)),
    [names, repositoryWord],
  );
  const tagWord = parsed?.name === tagRepository ? (parsed?.tag ?? '').toLowerCase() : lower;
  const matchingTags = useMemo(() => (tags.data ?? []).filter((tag) => tag.toLowerCase().includes(tagWord)).slice(0, MAX_TAGS), [tags.data, tagWord]);
  const matchingRecent = recent.filter((place) => `${place.name} ${place.reference ?? ''}`.toLowerCase().includes(repositoryWord));

  const go = (path: string) => {
    onOpenChange(false);
    setInput('');
    void navigate(path);
  };

  const pasted = parsed && (parsed.tag || parsed.digest || parsed.host) ? parsed : null;
  const pastedReference = pasted ? manifestReference(pasted) : undefined;
  const foreignHost = pasted?.host && pasted.host !== registry.loginServer ? pasted.host : undefined;

  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Go to anything" description="A repository, a tag, a digest, or paste an image reference.">
      <Command shouldFilter={false} label="Go to anything" className="-mt-2 flex flex-col gap-2">
        <Command.Input
          value={input}
          onValueChange={setInput}
          placeholder="team/app:1.2, sha256:…, docker pull …"
          className="w-full rounded-control border border-slate-300 bg-surface px-3 py-2 font-mono text-sm placeholder:font-sans placeholder:text-slate-500 focus-visible:outline-2"
        />
        <Command.List className="max-h-[55vh] overflow-auto">
          <Command.Empty className="px-2 py-4 text-center text-sm text-slate-600">{catalog.isPending ? 'Reading the catalog…' : 'Nothing matches.'}</Command.Empty>
          {pasted?.name && (
            <Command.Group heading="Reference" className={groupClass}>
              <Command.Item value={`ref:${query}`} className={itemClass} onSelect={() => go(pastedReference ? manifestPath(pasted.name ?? '', pastedReference) : repositoryPath(pasted.name ?? ''))}>
                <ArrowRight aria-hidden="true" />
                <span className="truncate font-mono">
                  {pasted.name}
                  {pasted.tag ? `:${pasted.tag}` : ''}
                  {pasted.digest ? `@${pasted.digest.slice(0, 19)}…` : ''}
                </span>
                {foreignHost && <span className="ml-auto shrink-0 text-xs text-amber-800">named {foreignHost}</span>}
              </Command.Item>
            </Command.Group>
          )}
          {parsed?.digest && !parsed.name && here && (
            <Command.Group heading="Digest" className={groupClass}>
              <Command.Item value={`digest:${parsed.digest}`} className={itemClass} onSelect={() => go(manifestPath(here.name, parsed.digest ?? ''))}>
                <Hash aria-hidden="true" />
                <span className="truncate font-mono">
                  {here.name}@{parsed.digest.slice(0, 19)}…
                </span>
              </Command.Item>
            </Command.Group>
          )}
          {matchingRecent.length > 0 && (
            <Command.Group heading="Recent" className={groupClass}>
              {matchingRecent.map((place) => (
                <Command.Item key={place.path} value={`recent:${place.path}`} className={itemClass} onSelect={() => go(place.path)}>
                  <History aria-hidden="true" />
                  <span className="truncate font-mono">
                    {place.name}
                    {place.reference ? (place.reference.includes(':') ? `@${place.reference.slice(0, 19)}…` : `:${place.reference}`) : ''}
                  </span>
                </Command.Item>
              ))}
            </Command.Group>
          )}
          {tagRepository && matchingTags.length > 0 && (
            <Command.Group heading={`Tags of ${tagRepository}`} className={groupClass}>
              {matchingTags.map((tag) => (
                <Command.Item key={tag} value={`tag:${tag}`} className={itemClass} onSelect={() => go(manifestPath(tagRepository, tag))}>
                  <TagIcon aria-hidden="true" />
                  <span className="truncate font-mono">{tag}</span>
                </Command.Item>
              ))}
            </Command.Group>
          )}
          {matchingRepositories.length > 0 && (
            <Command.Group heading="Repositories" className={groupClass}>
              {matchingRepositories.map((name) => (
                <Command.Item key={name} value={`repo:${name}`} className={itemClass} onSelect={() => go(repositoryPath(name))}>
                  <Box aria-hidden="true" />
                  <span className="truncate font-mono">{name}</span>
                </Command.Item>
              ))}
            </Command.Group>
          )}
        </Command.List>
        <p className="text-xs text-slate-600">
          <kbd className="font-sans">↑</kbd> <kbd className="font-sans">↓</kbd> to move, <kbd className="font-sans">Enter</kbd> to open, <kbd className="font-sans">Esc</kbd> to close
        </p>
      </Command>
    </Dialog>
  );
}
