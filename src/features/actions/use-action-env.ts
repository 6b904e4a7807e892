import { useMemo } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { DELETES_DISABLED_REASON } from '../../queries/action-plans';
import { actionQueries, type ActionQueries } from '../../queries/action-queries';
import { useRegistry } from '../../queries/registry-context';
import type { DeleteSupport } from '../../registry/uploads';

export interface ActionEnv {
  actions: ActionQueries;
  /** readOnly in config: no action is offered at all. */
  hidden: boolean;
  deleteSupport: DeleteSupport | 'checking';
  /** Why removing and deleting are unavailable; undefined when they are available. */
  deleteDisabledReason?: string;
}

/** The actions of this registry and whether it lets us delete (probed once, remembered on a 405). */
export function useActionEnv(name: string): ActionEnv {
  const { client, url, readOnly } = useRegistry();
  const queryClient = useQueryClient();
  const actions = useMemo(() => actionQueries(client, url, queryClient), [client, url, queryClient]);
  const support = useQuery({ ...actions.deleteSupport(name), enabled: !readOnly });
  const deleteSupport = support.data ?? 'checking';
  return {
    actions,
    hidden: readOnly,
    deleteSupport,
    deleteDisabledReason: deleteSupport === 'disabled' ? DELETES_DISABLED_REASON : undefined,
  };
}
