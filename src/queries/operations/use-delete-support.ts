/**
 * The delete capability as a component sees it. `probe: false` only reads what is already known
 * (browsing sends nothing); `probe: true` (a destructive dialog is open) probes once per registry.
 */
import { useQuery } from '@tanstack/react-query';
import type { DeleteSupport } from '../../registry/uploads';
import { DELETES_DISABLED_REASON } from '../action-plans';
import { useRegistry } from '../registry-context';
import { deleteSupportQuery } from './capability-queries';

export interface DeleteSupportState {
  /** 'unknown' until probed (the actions stay offered), or when the probe could not tell. */
  support: DeleteSupport;
  /** A probe is in flight: confirm buttons wait for it. */
  checking: boolean;
  /** Why nothing destructive is offered; undefined when deletes are (or may be) on. */
  reason?: string;
}

export function useDeleteSupport(name: string | undefined, { probe }: { probe: boolean }): DeleteSupportState {
  const { client, url, readOnly } = useRegistry();
  const query = useQuery({ ...deleteSupportQuery(client, url, name ?? ''), enabled: probe && !readOnly && Boolean(name) });
  const support = query.data ?? 'unknown';
  return { support, checking: query.isFetching, reason: support === 'disabled' ? DELETES_DISABLED_REASON : undefined };
}
