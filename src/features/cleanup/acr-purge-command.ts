/**
 * `acr purge` (Azure/acr-cli) as cleanup rules: a pasted command fills the form. Pure.
 *
 *   acr purge --filter <repo-regex>:<tag-regex> --ago 2d3h6m [--keep N] [--untagged] [--dry-run]
 *   az acr run --registry r --cmd "acr purge --filter 'app:.*' --ago 7d" /dev/null
 *
 * --filter      repository regex ':' tag regex (split at the last ':' outside brackets is not needed:
 *               acr purge splits at the first ':', repository names hold none). Several filters
 *               are combined when they share the tag regex; Regatta's rules have one tag filter.
 * --ago         a Go duration with days: 30d, 2d3h6m, 1h30m, 90m, 45s → olderThanDays (fractional).
 * --keep        keep the N most recent tags → keepNewest.
 * --untagged    also delete manifests left untagged → includeUntagged.
 * --dry-run     only list: Regatta always dry-runs first, so it changes nothing here.
 * Flags that choose where or how fast it runs (--registry, --concurrency, --timeout, --username,
 * --password, az's own) are ignored and listed. --include-locked (unlock, then delete) is refused:
 * Regatta never deletes a locked tag or manifest.
 */
import type { CleanupRules } from '../../queries/cleanup-rules';

export interface PurgeCommand {
  rules: Pick<CleanupRules, 'repository' | 'tag' | 'olderThanDays' | 'keepNewest' | 'includeUntagged'>;
  dryRun: boolean;
  /** Flags read but without effect here, as typed. */
  ignored: string[];
}

export class PurgeCommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PurgeCommandError';
  }
}

/** Shell-like words: single quotes literal, double quotes with \" and \\, backslash escapes outside quotes. */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new PurgeCommandError('Unterminated single quote.');
      current += text.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) i++;
        current += text[i];
        i++;
      }
      if (i >= text.length) throw new PurgeCommandError('Unterminated double quote.');
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      current += text[i + 1] === '\n' ? '' : text[i + 1];
      inWord = text[i + 1] !== '\n' || inWord;
      i++;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += c;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}

const UNIT_DAYS: Record<string, number> = { d: 1, h: 1 / 24, m: 1 / 1440, s: 1 / 86_400 };

/** `2d3h6m` → days (2.129…). Units d, h, m, s, each at most once, in that order; decimals allowed. */
export function parseAgo(text: string): number {
  const match = /^(?:(\d+(?:\.\d+)?)d)?(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(text);
  if (!match || text === '') throw new PurgeCommandError(`--ago "${text}" is not a duration such as 30d, 2d3h6m or 12h.`);
  const [, d, h, m, s] = match;
  return [
    [d, UNIT_DAYS.d!],
    [h, UNIT_DAYS.h!],
    [m, UNIT_DAYS.m!],
    [s, UNIT_DAYS.s!],
  ].reduce((sum, [value, unit]) => sum + (value === undefined ? 0 : Number(value) * (unit as number)), 0);
}

const IGNORED_WITH_VALUE = new Set(['--registry', '-r', '--concurrency', '--timeout', '--username', '-u', '--password', '-p', '--config', '--subscription', '--resource-group', '-g']);
const IGNORED_SWITCHES = new Set(['--debug', '--verbose', '--only-show-errors']);

/** The `acr purge …` words of a pasted command: the command itself, or the --cmd of `az acr run`. */
function purgeWords(words: string[]): string[] {
  const at = words.findIndex((word, i) => word === 'purge' && words[i - 1] === 'acr');
  if (at >= 0) return words.slice(at + 1);
  for (const word of words) {
    if (/^\s*acr\s+purge(\s|$)/.test(word)) return purgeWords(shellWords(word));
  }
  throw new PurgeCommandError('Not an "acr purge" command (paste e.g. acr purge --filter \'app:.*\' --ago 30d).');
}

export function parsePurgeCommand(command: string): PurgeCommand {
  const words = purgeWords(shellWords(command.trim()));
  const filters: { repository: string; tag: string }[] = [];
  let ago: number | undefined;
  let keep = 0;
  let untagged = false;
  let dryRun = false;
  const ignored: string[] = [];

  for (let i = 0; i < words.length; i++) {
    const raw = words[i]!;
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const flag = eq > 0 ? raw.slice(0, eq) : raw;
    const value = (): string => {
      if (eq > 0) return raw.slice(eq + 1);
      const next = words[i + 1];
      if (next === undefined || next.startsWith('--')) throw new PurgeCommandError(`${flag} needs a value.`);
      i++;
      return next;
    };
    switch (flag) {
      case '--filter':
      case '-f': {
        const filter = value();
        const colon = filter.indexOf(':');
        if (colon <= 0 || colon === filter.length - 1) throw new PurgeCommandError(`--filter "${filter}" must be <repository regex>:<tag regex>.`);
        filters.push({ repository: filter.slice(0, colon), tag: filter.slice(colon + 1) });
        break;
      }
      case '--ago':
        ago = parseAgo(value());
        break;
      case '--keep': {
        const text = value();
        if (!/^\d+$/.test(text)) throw new PurgeCommandError(`--keep "${text}" must be a whole number.`);
        keep = Number(text);
        break;
      }
      case '--untagged':
        untagged = true;
        break;
      case '--dry-run':
        dryRun = true;
        break;
      case '--include-locked':
        throw new PurgeCommandError('--include-locked unlocks and deletes locked images: Regatta never deletes a locked tag or manifest. Remove it, or unlock them first.');
      default:
        if (IGNORED_WITH_VALUE.has(flag)) ignored.push(`${flag} ${value()}`);
        else if (IGNORED_SWITCHES.has(flag)) ignored.push(flag);
        else throw new PurgeCommandError(`Unknown acr purge option "${raw}".`);
    }
  }

  if (filters.length === 0) throw new PurgeCommandError('acr purge needs at least one --filter <repository regex>:<tag regex>.');
  if (ago === undefined) throw new PurgeCommandError('acr purge needs --ago (e.g. --ago 30d; --ago 0d for any age).');
  const tags = new Set(filters.map((f) => f.tag));
  if (tags.size > 1) throw new PurgeCommandError(`Several --filter with different tag regexes (${[...tags].join(', ')}): Regatta's rules take one tag filter. Run them one at a time.`);
  const repository = filters.length === 1 ? filters[0]!.repository : filters.map((f) => `(?:${f.repository})`).join('|');
  return {
    // --ago 0d: any age (acr purge deletes everything older than now).
    rules: { repository, tag: filters[0]!.tag, olderThanDays: ago === 0 ? null : ago, keepNewest: keep, includeUntagged: untagged },
    dryRun,
    ignored,
  };
}
