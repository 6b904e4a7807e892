/**
 * On every start (any page), per registry: finishes safe untags a closed tab left between "the
 * throwaway is under the tag" and "the throwaway is deleted", so no tag stays on a throwaway, and
 * says what was finished. The journal and the decisions are in queries/operations.
 */
import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useToast } from '../components/ui/toast';
import { useRegistry } from '../queries/registry-context';

const started = new Set<string>();

export function useUntagRecovery(): void {
  const { client, url, readOnly } = useRegistry();
  const queryClient = useQueryClient();
  const toast = useToast();
  useEffect(() => {
    if (readOnly || started.has(url)) return;
    started.add(url);
    void (async () => {
      // Loaded after the first paint, and the executor only when a journal entry waits: almost
      // every start has nothing to recover.
      const { pendingUntags, untagJournal } = await import('../queries/operations/journal-store');
      const entries = await pendingUntags(url);
      if (entries.length === 0) return;
      const [{ recoverUntags }, { refreshAfterChange }] = await Promise.all([
        import('../queries/operations/recover-untags'),
        import('../queries/operations/operation-queries'),
      ]);
      const results = await recoverUntags(client, untagJournal, entries);
      for (const name of new Set(results.map((r) => r.entry.repository))) refreshAfterChange(queryClient, url, name);
      for (const result of results) {
        toast.show({
          tone: result.outcome === 'failed' ? 'error' : result.outcome === 'finished' ? 'success' : 'info',
          title: result.outcome === 'finished' ? `Finished removing tag ${result.entry.tag} from ${result.entry.repository}` : `Tag ${result.entry.tag} of ${result.entry.repository}`,
          body: result.message,
        });
      }
    })();
  }, [client, url, readOnly, queryClient, toast]);
}
