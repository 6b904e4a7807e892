/**
 * Naming rules for the audit. Two sources:
 *   - ACR's documented rules: repository names use only lowercase letters, digits, `.`, `-`, `_`
 *     and `/`, and follow the distribution grammar (components joined by `/`; separators inside a
 *     component, never leading or trailing); tags follow `[A-Za-z0-9_][A-Za-z0-9._-]{0,127}`.
 *   - optional team rules from config.json (`namingRules`): a required namespace prefix, a
 *     repository pattern and a tag pattern (whole-string regexes).
 * A registry enforces the grammar at push time, so on distribution the first set rarely fires;
 * names that reach us from other sources (a copy target, an import) are checked the same way.
 */
import { isValidTag, MAX_REPOSITORY_NAME_LENGTH } from '../registry/names';

export interface NamingRules {
  /** The repository must live under one of these namespaces, e.g. ["marketing", "platform"]. */
  requiredNamespacePrefix?: string[];
  /** Whole-name regex every tag must match, e.g. "v?\\d+\\.\\d+\\.\\d+|latest". */
  tagPattern?: string;
  /** Whole-name regex every repository must match. */
  repositoryPattern?: string;
}

export type NamingRuleId = 'repository-charset' | 'repository-grammar' | 'repository-length' | 'tag-grammar' | 'namespace-prefix' | 'repository-pattern' | 'tag-pattern';

export interface NamingViolation {
  repository: string;
  /** Absent for a repository-name violation. */
  tag?: string;
  rule: NamingRuleId;
  message: string;
}

const ACR_CHARSET = /^[a-z0-9._/-]*$/;
const ALNUM = /^[a-z0-9]+$/;
// Separators allowed between alphanumeric runs: one `.`, one `_`, `__`, or any run of `-`.
const SEPARATOR = /^(?:\.|_|__|-+)$/;

/** Why one path component breaks the distribution grammar, or null when it is fine. */
function componentProblem(component: string): string | null {
  if (component === '') return 'has an empty component (a leading, trailing or doubled "/")';
  if (!/^[a-z0-9]/.test(component)) return `component "${component}" starts with a separator`;
  if (!/[a-z0-9]$/.test(component)) return `component "${component}" ends with a separator`;
  const runs = component.split(/([^a-z0-9]+)/);
  for (let i = 1; i < runs.length; i += 2) {
    const separator = runs[i] ?? '';
    if (!SEPARATOR.test(separator)) return `component "${component}" has the separator "${separator}" (allowed: ".", "_", "__", "-" runs)`;
  }
  return runs.every((run, i) => i % 2 === 1 || ALNUM.test(run)) ? null : `component "${component}" is not valid`;
}

/** Compiles a team pattern as a whole-string match; null when absent. Invalid patterns are refused by the config schema. */
export function compilePattern(pattern: string | undefined): RegExp | null {
  if (!pattern) return null;
  return new RegExp(`^(?:${pattern})$`);
}

/** Checks a pattern compiles (for config validation). */
export function isValidPattern(pattern: string): boolean {
  try {
    compilePattern(pattern);
    return true;
  } catch {
    return false;
  }
}

export interface CompiledRules {
  prefixes: string[];
  repository: RegExp | null;
  tag: RegExp | null;
  source: NamingRules;
}

export function compileRules(rules: NamingRules = {}): CompiledRules {
  return {
    prefixes: (rules.requiredNamespacePrefix ?? []).map((prefix) => prefix.replace(/\/+$/, '')).filter(Boolean),
    repository: compilePattern(rules.repositoryPattern),
    tag: compilePattern(rules.tagPattern),
    source: rules,
  };
}

/** Every rule a repository name breaks (empty: compliant). */
export function checkRepositoryName(name: string, rules: CompiledRules = compileRules()): NamingViolation[] {
  const out: NamingViolation[] = [];
  const add = (rule: NamingRuleId, message: string) => out.push({ repository: name, rule, message });
  if (!ACR_CHARSET.test(name)) {
    const bad = [...new Set(name.replace(/[a-z0-9._/-]/g, ''))].map((c) => JSON.stringify(c)).join(' ');
    add('repository-charset', `uses characters other than lowercase letters, digits, ".", "-", "_", "/": ${bad}`);
  } else {
    const problem = name.split('/').map(componentProblem).find((p) => p !== null);
    if (problem) add('repository-grammar', problem);
  }
  if (name.length > MAX_REPOSITORY_NAME_LENGTH) add('repository-length', `is ${name.length} characters long (at most ${MAX_REPOSITORY_NAME_LENGTH})`);
  if (rules.prefixes.length > 0 && !rules.prefixes.some((prefix) => name.startsWith(`${prefix}/`))) {
    add('namespace-prefix', `is not under a required namespace (${rules.prefixes.map((p) => `${p}/`).join(', ')})`);
  }
  if (rules.repository && !rules.repository.test(name)) add('repository-pattern', `does not match the team pattern ${rules.source.repositoryPattern ?? ''}`);
  return out;
}

/** Every rule a tag breaks (empty: compliant). */
export function checkTag(repository: string, tag: string, rules: CompiledRules = compileRules()): NamingViolation[] {
  const out: NamingViolation[] = [];
  if (!isValidTag(tag)) {
    out.push({
      repository,
      tag,
      rule: 'tag-grammar',
      message: tag.length > 128 ? `is ${tag.length} characters long (at most 128)` : 'breaks the tag grammar [A-Za-z0-9_][A-Za-z0-9._-]{0,127}',
    });
  }
  if (rules.tag && !rules.tag.test(tag)) out.push({ repository, tag, rule: 'tag-pattern', message: `does not match the team pattern ${rules.source.tagPattern ?? ''}` });
  return out;
}

/** Violations of a repository and its tags. */
export function checkRepository(name: string, tags: Iterable<string>, rules: CompiledRules = compileRules()): NamingViolation[] {
  const out = checkRepositoryName(name, rules);
  for (const tag of tags) out.push(...checkTag(name, tag, rules));
  return out;
}
