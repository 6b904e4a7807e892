/**
 * Finishes what a closed tab left half done. For each journalled safe untag of this registry: the
 * tag still on Regatta's throwaway → the untag the user confirmed is finished (throwaway deleted;
 * should that fail, the original goes back under the tag); the tag gone → a leftover throwaway is
 * deleted by digest; the tag anywhere else → the throwaway never landed, nothing is left.
 */
import type { RegistryClient } from '../../registry/client';
import { describeError, recoveryAction, short, type UntagJournalEntry } from './decisions';
import { deleteDigest, restoreOriginal, type OperationJournal } from './executor';

export interface RecoveryResult {
  entry: UntagJournalEntry;
  outcome: 'finished' | 'restored' | 'nothing-left' | 'failed';
  message: string;
}

/** One entry: never throws; an entry that cannot be settled now stays for the next start. */
export async function recoverUntag(client: RegistryClient, journal: OperationJournal, entry: UntagJournalEntry): Promise<RecoveryResult> {
  const { repository: name, tag } = entry;
  const where = `${name}:${tag}`;
  try {
    const head = await client.headManifest(name, tag);
    const action = recoveryAction(entry, head?.digest ?? null);
    if (action === 'nothing-left') {
      await journal.remove(entry.id);
      return { entry, outcome: 'nothing-left', message: `Removing tag ${where} had not started: the tag is unchanged.` };
    }
    if (action === 'delete-orphan-throwaway') {
      await deleteDigest({ client, name }, entry.throwaway);
      await journal.remove(entry.id);
      return { entry, outcome: 'finished', message: `Finished removing tag ${where}.` };
    }
    try {
      await deleteDigest({ client, name }, entry.throwaway);
      await journal.remove(entry.id);
      return { entry, outcome: 'finished', message: `Finished removing tag ${where}, interrupted when a tab closed. Its other tags and the image are unchanged.` };
    } catch (deleteError) {
      const original = await client.getManifest(name, entry.original);
      const restoreError = await restoreOriginal(client, name, tag, original);
      if (restoreError !== null) throw restoreError;
      await journal.remove(entry.id);
      return { entry, outcome: 'restored', message: `Could not finish removing tag ${where} (${describeError(deleteError)}); it points at ${short(entry.original)} again.` };
    }
  } catch (error) {
    return { entry, outcome: 'failed', message: `Removing tag ${where} is unfinished and could not be settled now (${describeError(error)}); Regatta tries again on the next start.` };
  }
}

export async function recoverUntags(client: RegistryClient, journal: OperationJournal, entries: readonly UntagJournalEntry[]): Promise<RecoveryResult[]> {
  const results: RecoveryResult[] = [];
  for (const entry of entries) results.push(await recoverUntag(client, journal, entry));
  return results;
}
