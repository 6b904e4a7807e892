import { useMemo } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { buttonClass } from '../../components/ui/dialog';
import { ErrorPanel } from '../../components/ui/error-panel';
import { useToast } from '../../components/ui/toast';
import { actionQueries } from '../../queries/action-queries';
import { useRegistry } from '../../queries/registry-context';

/** The inspector met Regatta's throwaway: say what it is, and offer to finish each untag left on it. */
export function ThrowawayNote({ name, digest, tags }: { name: string; digest: string; tags: readonly string[] }) {
  const { client, url, readOnly } = useRegistry();
  const queryClient = useQueryClient();
  const toast = useToast();
  const actions = useMemo(() => actionQueries(client, url, queryClient), [client, url, queryClient]);
  const mutation = useMutation(actions.finishUntag);
  return (
    <div role="note" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950">
      <p>
        This is Regatta&apos;s throwaway manifest: a Remove tag was interrupted between pushing it under the tag and deleting it.
        {tags.length > 0 ? ` Finishing deletes it, so ${tags.join(', ')} go${tags.length === 1 ? 'es' : ''}; no image is touched.` : ' No tag points at it any more.'}
      </p>
      {!readOnly && (
        <div className="mt-2 flex flex-wrap gap-2">
          {tags.map((tag) => (
            <button
              key={tag}
              type="button"
              className={buttonClass.small}
              disabled={mutation.isPending}
              onClick={() =>
                mutation.mutate(
                  { name, tag, throwaway: digest },
                  { onSuccess: (result) => toast.show({ tone: 'success', title: result.outcome === 'removed' ? `Finished removing tag ${tag} from ${name}` : `Tag ${tag} was already gone from ${name}` }) },
                )
              }
            >
              Finish the untag of {tag}
            </button>
          ))}
        </div>
      )}
      {mutation.error !== null && mutation.error !== undefined && <ErrorPanel error={mutation.error} title="Could not finish the untag" />}
    </div>
  );
}
