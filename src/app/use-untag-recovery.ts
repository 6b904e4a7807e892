/**
 * On every start (any page), per registry: finishes safe untags a closed tab left between "the
 * throwaway is under the tag" and "the throwaway is deleted", so no tag stays on a throwaway, and
 * says what was finished. The journal and the decisions are in queries/operations.
 */
import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useToast } from '../components/ui/toast';
import { pendingUntags, untagJournal } from '../queries/operations/journal-store';
import { refreshAfterChange } from '../queries/operations/operation-queries';
import { recoverUntags } from '../queries/operations/recover-untags';
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
      const entries = await pendingUntags(url);
      if (entries.length === 0) return;
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
