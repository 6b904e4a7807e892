import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorPanel } from '../../components/ui/error-panel';
import { formatBytes } from '../../components/ui/format';
import type { BudgetedStore } from '../../queries/storage-budget';
import { clearStoreMutation, storageUsageQuery } from '../../queries/storage-queries';

const STORES: { store: BudgetedStore; label: string; what: string }[] = [
  { store: 'immutable', label: 'Image cache', what: 'manifests and configs by digest; fetched again when needed' },
  { store: 'ledger', label: 'Digest ledger', what: 'tags seen moving; finds orphans on registries without a manifest list' },
  { store: 'crawl', label: 'Audit crawl records', what: 'what the audit crawled; a re-crawl reads it all again' },
];

/** Storage used in this browser per IndexedDB store, with a Clear button each. */
export function StorageSection() {
  const queryClient = useQueryClient();
  const usage = useQuery(storageUsageQuery());
  const clear = useMutation(clearStoreMutation(queryClient));
  const total = usage.data ? STORES.reduce((sum, { store }) => sum + usage.data.stores[store].bytes, 0) : undefined;
  return (
    <section aria-labelledby="connect-storage" className="flex flex-col gap-2">
      <h2 id="connect-storage" className="font-semibold">
        Storage used in this browser
      </h2>
      <p className="text-sm text-slate-700">
        {total === undefined
          ? 'Counting…'
          : `${formatBytes(total)} of a ${formatBytes(usage.data?.budget ?? 0)} budget: past it, the least recently used entries of any store are deleted first.`}
      </p>
      {usage.error && <ErrorPanel error={usage.error} title="Could not read the storage used" />}
      {clear.error && <ErrorPanel error={clear.error} title="Could not clear the store" />}
      <table className="w-full text-sm" aria-label="Storage used per store">
        <thead>
          <tr className="text-left text-slate-600">
            <th className="p-1 font-medium">Store</th>
            <th className="p-1 text-right font-medium">Used</th>
            <th className="p-1 text-right font-medium">Entries</th>
            <th className="p-1">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {STORES.map(({ store, label, what }) => {
            const used = usage.data?.stores[store];
            return (
              <tr key={store} className="border-t border-slate-200">
                <th scope="row" className="p-1 text-left font-normal">
                  <span className="font-medium">{label}</span> <span className="text-xs text-slate-500">({what})</span>
                </th>
                <td className="p-1 text-right tabular-nums" data-bytes={used?.bytes}>
                  {used ? formatBytes(used.bytes) : '…'}
                </td>
                <td className="p-1 text-right tabular-nums">{used ? used.entries.toLocaleString() : '…'}</td>
                <td className="p-1 text-right">
                  <button
                    type="button"
                    className="rounded border border-slate-300 bg-surface px-2 py-0.5 text-xs text-slate-800 hover:bg-slate-100 focus-visible:outline-2 disabled:opacity-50"
                    disabled={clear.isPending || !used || used.entries === 0}
                    onClick={() => clear.mutate(store)}
                  >
                    Clear <span className="sr-only">{label}</span>
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
