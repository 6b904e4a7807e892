/**
 * A label value worth a link: an absolute http(s) URL and nothing else (no javascript:, data:,
 * file: or relative paths). Everything from the registry is otherwise rendered as text.
 */
export function safeExternalUrl(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed !== value || /\s/.test(trimmed) || !/^https?:\/\//i.test(trimmed)) return null;
  try {
    const url = new URL(trimmed);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (url.username !== '' || url.password !== '') return null;
    return url.href;
  } catch {
    return null;
  }
}
