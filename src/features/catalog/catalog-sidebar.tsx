import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { aggregateFigures } from '../../registry/namespace-tree';
import { CatalogTree } from './catalog-tree';
import { FiguresSourceLine } from './figures-source-line';
import { createTreeCache } from './tree-cache';
import { useCatalog } from './use-catalog';
import { useRegistrySettled } from '../../queries/use-registry-settled';
import { useRepositoryFigures } from './use-repository-figures';
import { useTreeExpansion } from './use-tree-expansion';

/**
 * The namespace tree beside a repository's pages: the same tree as the catalog page, narrow (one
 * figure per row), with its own filter (kept in the component: the page's URL belongs to the page)
 * and the current repository opened, highlighted and scrolled into view.
 */
export function CatalogSidebar({ currentPath }: { currentPath: string }) {
  // The page's own requests go first: the whole catalog and its figures are read once they are done.
  const settled = useRegistrySettled();
  const catalog = useCatalog({ enabled: settled });
  const [filter, setFilter] = useState('');
  const deferredFilter = useDeferredValue(filter.trim());
  const [treeCache] = useState(createTreeCache);
  const root = useMemo(() => treeCache.treeFor(catalog.names), [treeCache, catalog.names]);
  const { rows, setExpanded, reveal } = useTreeExpansion(root, deferredFilter);
  // Once per repository: a namespace the user folds afterwards stays folded.
  const revealed = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (revealed.current === currentPath) return;
    revealed.current = currentPath;
    reveal(currentPath);
  }, [currentPath, reveal]);
  const repositoryFigures = useRepositoryFigures({ enabled: settled });
  const figures = useMemo(() => aggregateFigures(root, repositoryFigures.figures), [root, repositoryFigures.figures]);

  return (
    <div className="flex min-h-0 flex-1 flex-col gap-2">
      <input
        type="search"
        aria-label="Filter the repository tree"
        placeholder="Filter…"
        value={filter}
        onChange={(event) => setFilter(event.target.value)}
        spellCheck={false}
        autoComplete="off"
        className="mx-2 rounded-md border border-slate-300 bg-surface px-2 py-1 font-mono text-sm placeholder:font-sans focus-visible:outline-2 focus-visible:outline-focus"
      />
      <div className="px-2">
        <FiguresSourceLine source={repositoryFigures.source} compact />
      </div>
      {catalog.waiting && <p className="px-2 text-xs text-slate-600">The repository list loads once this page has its data.</p>}
      {catalog.error !== null && <p className="px-2 text-xs text-amber-800">The repository list could not be read completely.</p>}
      <CatalogTree rows={rows} onToggle={setExpanded} resetKey={deferredFilter} figures={figures} variant="panel" currentPath={currentPath} />
    </div>
  );
}
