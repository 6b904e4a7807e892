/**
 * The browser tab's title for the page rendering it: `<what> · Regatta`. React 19 hoists a rendered
 * `<title>` into `<head>` ahead of index.html's own, and removes it when the page unmounts.
 * One string child: React refuses a title built from several text nodes.
 */
export function PageTitle({ children }: { children: string }) {
  return <title>{children ? `${children} · Regatta` : 'Regatta'}</title>;
}
