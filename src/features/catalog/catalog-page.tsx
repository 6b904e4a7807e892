import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useLocation } from '../../components/routing';
import Boxes from 'lucide-react/icons/boxes';
import { EmptyState } from '../../components/ui/empty-state';
import { ErrorPanel } from '../../components/ui/error-panel';
import { CatalogFilter, useCatalogFilter } from './catalog-filter';
import { CatalogStatus } from './catalog-status';
import { CatalogTree } from './catalog-tree';
import { repositoryCountText } from './count-text';
import { createTreeCache } from './tree-cache';
import { useCatalog } from './use-catalog';
import { recallTreeView, rememberTreeView } from './tree-view-memory';
import { useTreeExpansion } from './use-tree-expansion';
import { PageTitle } from '../../components/ui/page-title';
import { aggregateFigures } from '../../registry/namespace-tree';
import { FiguresSourceLine } from './figures-source-line';
import { useRepositoryFigures } from './use-repository-figures';

/** `/`: every repository of the registry as a namespace tree, filterable, loading page by page. */
export function CatalogPage() {
  const catalog = useCatalog();
  const [filter, setFilter] = useCatalogFilter();
  // Typing stays responsive on 10,000 names: the list re-filters at lower priority.
  const deferredFilter = useDeferredValue(filter.trim());
  const [treeCache] = useState(createTreeCache);
  const root = useMemo(() => treeCache.treeFor(catalog.names), [treeCache, catalog.names]);
  // Back from a repository: the tree as it was left (open namespaces, scroll offset).
  const viewKey = useLocation().key;
  const [saved] = useState(() => recallTreeView(viewKey));
  const { rows, setExpanded, view } = useTreeExpansion(root, deferredFilter, saved);
  const repositoryFigures = useRepositoryFigures();
  // Once per change of tree or figures (a catalog page, an index answer), not per row.
  const figures = useMemo(() => aggregateFigures(root, repositoryFigures.figures), [root, repositoryFigures.figures]);
  const scrollTop = useRef(saved?.scrollTop ?? 0);
  useEffect(() => rememberTreeView(viewKey, { ...view, scrollTop: scrollTop.current }), [viewKey, view]);
  const onScrolled = useCallback(
    (top: number) => {
      scrollTop.current = top;
      rememberTreeView(viewKey, { ...view, scrollTop: top });
    },
    [viewKey, view],
  );

  const matches = useMemo(
    () => (deferredFilter === '' ? 0 : rows.reduce((sum, row) => sum + (row.node.isRepository && row.node.path.toLowerCase().includes(deferredFilter.toLowerCase()) ? 1 : 0), 0)),
    [rows, deferredFilter],
  );

  const failed = catalog.error !== null;
  const empty = catalog.complete && catalog.names.length === 0;

  return (
    <section aria-labelledby="catalog-heading" className="flex flex-col gap-3">
      <PageTitle>Repositories</PageTitle>
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h1 id="catalog-heading" className="text-xl font-semibold">
          Repositories
        </h1>
        <CatalogStatus count={catalog.names.length} streaming={catalog.streaming} refreshing={catalog.refreshing} failed={failed} cachedAt={catalog.cachedAt} />
      </div>

      {failed && (
        <ErrorPanel
          title="Could not load the repository list"
          error={catalog.error}
          onRetry={() => void catalog.refetch()}
        />
      )}
      {failed && catalog.names.length > 0 && (
        <p className="text-sm text-amber-800">
          The list below is incomplete: it shows the {repositoryCountText(catalog.names.length)} read before the error.
        </p>
      )}

      {empty ? (
        <EmptyState icon={<Boxes aria-hidden="true" />} title="This registry has no repositories yet.">
          Push an image and it appears here; the Connect page has the commands.
        </EmptyState>
      ) : (
        <>
          <div className="flex flex-wrap items-center gap-3">
            <CatalogFilter value={filter} onChange={setFilter} />
            {deferredFilter !== '' && (
              <span className="text-sm text-slate-600">
                {matches === 0 ? `No repositories match “${deferredFilter}”` : `${matches} ${matches === 1 ? 'match' : 'matches'}`}
              </span>
            )}
          </div>
          <FiguresSourceLine source={repositoryFigures.source} />
          {(rows.length > 0 || !failed) && (
            <CatalogTree rows={rows} onToggle={setExpanded} resetKey={deferredFilter} initialScrollTop={saved?.scrollTop} onScrolled={onScrolled} figures={figures} />
          )}
        </>
      )}
    </section>
  );
}
