import { useState } from 'react';
import { buttonClass } from '../../components/ui/dialog';
import { RuleError, validateRules, type CleanupRules } from '../../queries/cleanup-rules';
import { parsePurgeCommand, PurgeCommandError } from './acr-purge-command';

export const DEFAULT_RULES: CleanupRules = { repository: '', tag: '', olderThanDays: 30, keepNewest: 3, includeUntagged: false, skipLocked: true };

interface CleanupFormProps {
  initial: CleanupRules;
  disabled: boolean;
  onDryRun: (rules: CleanupRules) => void;
}

export function CleanupForm({ initial, disabled, onDryRun }: CleanupFormProps) {
  const [repository, setRepository] = useState(initial.repository);
  const [tag, setTag] = useState(initial.tag);
  const [days, setDays] = useState(initial.olderThanDays === null ? '' : String(initial.olderThanDays));
  const [keep, setKeep] = useState(String(initial.keepNewest));
  const [includeUntagged, setIncludeUntagged] = useState(initial.includeUntagged);
  const [skipLocked, setSkipLocked] = useState(initial.skipLocked);
  const [error, setError] = useState<RuleError | null>(null);
  const [command, setCommand] = useState('');
  const [commandNote, setCommandNote] = useState<{ error: boolean; text: string } | null>(null);

  /** A pasted `acr purge` command fills the fields (nothing runs: the dry run stays a separate step). */
  function fillFromCommand() {
    try {
      const parsed = parsePurgeCommand(command);
      setRepository(parsed.rules.repository);
      setTag(parsed.rules.tag);
      setDays(parsed.rules.olderThanDays === null ? '' : String(Number(parsed.rules.olderThanDays.toFixed(6))));
      setKeep(String(parsed.rules.keepNewest));
      setIncludeUntagged(parsed.rules.includeUntagged);
      setCommandNote({ error: false, text: `Filled from the command${parsed.ignored.length > 0 ? `; ignored here: ${parsed.ignored.join(', ')}` : ''}. Locked tags and images are never deleted.` });
    } catch (e) {
      if (e instanceof PurgeCommandError) setCommandNote({ error: true, text: e.message });
      else throw e;
    }
  }

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const rules: CleanupRules = {
      repository,
      tag,
      olderThanDays: days.trim() === '' ? null : Number(days),
      keepNewest: keep.trim() === '' ? 0 : Number(keep),
      includeUntagged,
      skipLocked,
    };
    try {
      validateRules(rules);
      setError(null);
      onDryRun(rules);
    } catch (e) {
      if (e instanceof RuleError) setError(e);
      else throw e;
    }
  }

  const field = 'flex flex-col gap-1 text-sm';
  const input = 'rounded border border-slate-300 px-2 py-1 font-mono';
  return (
    <form onSubmit={submit} aria-label="Cleanup rules" className="grid grid-cols-1 gap-3 rounded-md border border-slate-200 bg-surface p-4 sm:grid-cols-2 lg:grid-cols-3">
      <label className={field}>
        <span>Repository filter (regex, whole name)</span>
        <input className={input} value={repository} onChange={(e) => setRepository(e.target.value)} placeholder=".* (all)" aria-invalid={error?.field === 'repository'} />
      </label>
      <label className={field}>
        <span>Tag filter (regex, whole tag)</span>
        <input className={input} value={tag} onChange={(e) => setTag(e.target.value)} placeholder=".* (all)" aria-invalid={error?.field === 'tag'} />
      </label>
      <label className={field}>
        <span>Older than (days; empty = any age)</span>
        <input className={input} inputMode="decimal" value={days} onChange={(e) => setDays(e.target.value)} aria-invalid={error?.field === 'olderThanDays'} />
      </label>
      <label className={field}>
        <span>Keep the newest N tags per repository</span>
        <input className={input} inputMode="numeric" value={keep} onChange={(e) => setKeep(e.target.value)} aria-invalid={error?.field === 'keepNewest'} />
      </label>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={includeUntagged} onChange={(e) => setIncludeUntagged(e.target.checked)} />
        Include untagged manifests
      </label>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={skipLocked} onChange={(e) => setSkipLocked(e.target.checked)} />
        Skip locked (otherwise a locked match blocks the run)
      </label>
      <p className="text-xs text-slate-600 sm:col-span-2 lg:col-span-3">
        Age is the image&apos;s <code>created</code> (ACR: the tag&apos;s <code>lastUpdateTime</code>); an unknown age is never &quot;old&quot;. Newest first; equal
        times are ordered by tag in natural order, the later tag (v10 after v9) counting as newer. Locked tags and images are never deleted.
      </p>
      {error && (
        <p role="alert" className="text-sm text-red-800 sm:col-span-2 lg:col-span-3">
          {error.message}
        </p>
      )}
      <div className="flex items-end gap-2 sm:col-span-2 lg:col-span-3">
        <label className={`${field} flex-1`}>
          <span>
            Or paste an <code>acr purge</code> command (<code>--filter repo:tag --ago 2d3h --keep N --untagged</code>)
          </span>
          <input className={input} value={command} onChange={(e) => setCommand(e.target.value)} placeholder="acr purge --filter 'app:.*' --ago 30d --keep 3" />
        </label>
        <button type="button" className={buttonClass.secondary} disabled={command.trim() === ''} onClick={fillFromCommand}>
          Fill from command
        </button>
      </div>
      {commandNote && (
        <p role={commandNote.error ? 'alert' : 'status'} className={`text-sm sm:col-span-2 lg:col-span-3 ${commandNote.error ? 'text-red-800' : 'text-slate-700'}`}>
          {commandNote.text}
        </p>
      )}
      <div className="sm:col-span-2 lg:col-span-3">
        <button type="submit" className={buttonClass.primary} disabled={disabled}>
          Dry run
        </button>
      </div>
    </form>
  );
}
