/** What each lucide-react icon module exports as `__iconData`: its name and its SVG elements. */
export interface LucideIconData {
  name: string;
  node: readonly (readonly [string, Readonly<Record<string, string>>])[];
}

/**
 * The data of a lucide-react icon module (`import * as copy from 'lucide-react/icons/copy'`): the
 * modules export it as `__iconData`, which their types leave out. Throws if a lucide upgrade
 * drops it (mask-icon.test.tsx would say so).
 */
export function lucideIconData(module: object): LucideIconData {
  const data = (module as { __iconData?: LucideIconData }).__iconData;
  if (!data || !Array.isArray(data.node)) throw new Error('This lucide-react icon module exports no __iconData.');
  return data;
}

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The icon as lucide draws it (24×24, stroke 2, round caps and joins), as an SVG document. */
export function iconSvg(icon: LucideIconData): string {
  const children = icon.node
    .map(([tag, attributes]) => {
      const attrs = Object.entries(attributes)
        .filter(([name]) => name !== 'key')
        .map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`)
        .join('');
      return `<${tag}${attrs}/>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" stroke="black" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${children}</svg>`;
}

const maskUrls = new Map<string, string>();

/** `url("data:image/svg+xml,…")` of the icon, made once per icon. */
export function iconMaskUrl(icon: LucideIconData): string {
  let url = maskUrls.get(icon.name);
  if (url === undefined) {
    url = `url("data:image/svg+xml,${encodeURIComponent(iconSvg(icon))}")`;
    maskUrls.set(icon.name, url);
  }
  return url;
}

let iconSheet: HTMLStyleElement | null = null;
const classes = new Map<string, string>();

/**
 * The class that sets the icon's mask, its rule added to one <style> element the first time the
 * icon is drawn. A class, not an inline style per element: elements without inline styles can
 * share their computed style, and nothing is parsed per row.
 */
export function iconClass(icon: LucideIconData): string {
  let name = classes.get(icon.name);
  if (name === undefined) {
    name = `mask-icon-${icon.name.replace(/[^a-z0-9-]/gi, '')}`;
    iconSheet ??= document.head.appendChild(document.createElement('style'));
    iconSheet.append(`.${name}{--icon:${iconMaskUrl(icon)}}\n`);
    classes.set(icon.name, name);
  }
  return name;
}

/**
 * A decorative lucide icon drawn by CSS: one empty element whose shape is a mask, painted in the
 * text colour. For what renders many times over (a table's rows): as an inline <svg>, the rows'
 * icons were about a third of the table's first render (their elements and attributes), measured
 * in `npm run bench`. `forced-color-adjust: none` keeps it visible in forced-colours mode, where
 * the background it is painted with would otherwise be replaced.
 */
export function MaskIcon({ icon, className = 'size-3.5' }: { icon: LucideIconData; className?: string }) {
  return (
    <span
      aria-hidden="true"
      data-icon={icon.name}
      className={`inline-block shrink-0 bg-current forced-color-adjust-none [mask:var(--icon)_center/contain_no-repeat] ${iconClass(icon)} ${className}`}
    />
  );
}
