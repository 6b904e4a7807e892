import { useMemo } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { actionQueries, type ActionQueries } from '../../queries/action-queries';
import { useRegistry } from '../../queries/registry-context';
import { useDeleteSupport } from '../../queries/operations/use-delete-support';
import type { DeleteSupport } from '../../registry/uploads';

export interface ActionEnv {
  actions: ActionQueries;
  /** readOnly in config: no action is offered at all. */
  hidden: boolean;
  /** What is known so far: 'unknown' until a destructive dialog probed (browsing sends no probe). */
  deleteSupport: DeleteSupport;
  /** Why removing and deleting are unavailable; undefined when they are (or may be) available. */
  deleteDisabledReason?: string;
}

/** The actions of this registry and what is known about deletes (never probes: the dialogs do). */
export function useActionEnv(name: string): ActionEnv {
  const { client, url, readOnly } = useRegistry();
  const queryClient = useQueryClient();
  const actions = useMemo(() => actionQueries(client, url, queryClient), [client, url, queryClient]);
  const deletes = useDeleteSupport(name, { probe: false });
  return { actions, hidden: readOnly, deleteSupport: deletes.support, deleteDisabledReason: deletes.reason };
}
