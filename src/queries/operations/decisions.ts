/**
 * The operation executor's decisions, pure: what a re-check means, what to do when a safe untag's
 * throwaway cannot be deleted, how a step is reported, how a failure is classified, and what a
 * journal entry left by a closed tab still needs. executor.ts sends the requests these decide on.
 */
import { isRegistryError } from '../../registry/errors';
import { isDeleteDisabledError } from '../../registry/uploads';
import { DELETES_DISABLED_REASON, describeDrift } from '../action-plans';

/** Refused before changing anything: the registry moved, a guard applies, or deletes are off. */
export class ActionRefusedError extends Error {
  override readonly name = 'ActionRefusedError';
  constructor(
    message: string,
    readonly reason: 'drift' | 'guarded' | 'deletes-disabled' | 'digest-mismatch' | 'invalid',
  ) {
    super(message);
  }
}

export const short = (digest: string) => digest.slice(7, 19);

export type RecheckDecision = 'proceed' | 'already-done' | 'refuse';

/**
 * Right before a change the tag (or digest) is HEADed again: still where the user saw it →
 * proceed; gone (404) → the change is already done; anywhere else → refuse, nothing is sent.
 */
export function recheck(expected: string, actual: string | null): RecheckDecision {
  if (actual === null) return 'already-done';
  return actual === expected ? 'proceed' : 'refuse';
}

export function driftError(tag: string, expected: string, actual: string): ActionRefusedError {
  return new ActionRefusedError(describeDrift([{ tag, expected, actual }], short), 'drift');
}

export function deletesDisabledError(): ActionRefusedError {
  return new ActionRefusedError(DELETES_DISABLED_REASON, 'deletes-disabled');
}

/** Deletes are off on this registry (405 / UNSUPPORTED), whether a refusal or a registry error says so. */
export function isDeletesDisabled(error: unknown): boolean {
  return (error instanceof ActionRefusedError && error.reason === 'deletes-disabled') || isDeleteDisabledError(error);
}

export type StepName = 'recheck' | 'probe' | 'delete-by-tag' | 'put-throwaway' | 'delete-throwaway' | 'restore' | 'delete' | 'put' | 'copy-blobs';
export type StepStatus = 'done' | 'refused' | 'failed' | 'skipped';

/** One request (or check) of an operation, as the report shows it. */
export interface StepReport {
  step: StepName;
  status: StepStatus;
  /** Why it was refused, failed or skipped; what it did otherwise. */
  reason?: string;
}

/** Status, code and message of a failure, for dialogs, toasts and reports. */
export function describeError(error: unknown): string {
  if (isRegistryError(error)) return error.status > 0 ? error.message : `${error.code}: ${error.message}`;
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * The throwaway is under the tag and its delete failed: the tag must not stay on it. The original
 * manifest goes back under the tag (exact bytes, so the same digest). The error the user sees says
 * both what failed and whether the tag was put back.
 */
export function untagFailure(tag: string, deleteError: unknown, restored: boolean, restoreError?: unknown): Error {
  const why = isDeletesDisabled(deleteError) ? DELETES_DISABLED_REASON : describeError(deleteError);
  const message = restored
    ? `Tag ${tag} was not removed: deleting the throwaway manifest failed (${why}). The tag was put back on its image; nothing else changed.`
    : `Tag ${tag} was not removed and is left on Regatta's throwaway manifest: deleting it failed (${why}) and putting the original back failed too (${describeError(restoreError)}). "Finish the untag" on the tag retries.`;
  const error = isDeletesDisabled(deleteError) ? new ActionRefusedError(message, 'deletes-disabled') : new Error(message);
  return error;
}

/** A safe untag under way, written to the journal before each request it sends. */
export interface UntagJournalEntry {
  id: string;
  /** The registry's URL (the query key root), so only that registry's session recovers it. */
  registry: string;
  repository: string;
  tag: string;
  /** The digest the user confirmed the tag on, and its media type. */
  original: string;
  originalMediaType: string;
  /** sha256 of the throwaway's bytes, known before it is sent. */
  throwaway: string;
  /** The request about to be sent. */
  step: 'put-throwaway' | 'delete-throwaway' | 'restore';
  at: number;
}

/** What a journal entry found on the next start still needs, given where the tag points now. */
export type RecoveryAction =
  /** The tag is on the throwaway: delete the throwaway (the untag the user confirmed). */
  | 'finish'
  /** The throwaway never landed under the tag (or someone re-pushed it): nothing of ours is left. */
  | 'nothing-left'
  /** The tag is gone but the throwaway may still exist untagged: delete it by digest. */
  | 'delete-orphan-throwaway';

export function recoveryAction(entry: Pick<UntagJournalEntry, 'throwaway'>, tagNow: string | null): RecoveryAction {
  if (tagNow === entry.throwaway) return 'finish';
  if (tagNow === null) return 'delete-orphan-throwaway';
  return 'nothing-left';
}
