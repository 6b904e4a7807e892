/**
 * Stored size by namespace, one level at a time: each child of the namespace on screen is a
 * rectangle (d3-hierarchy's squarified layout; the SVG is ours). Clicking a namespace zooms into
 * it (the page moves to /audit/<namespace>; the breadcrumb zooms out), clicking a repository
 * opens it. Each rectangle is a focusable link with a name that says its size, and a <title>
 * tooltip. Areas compare siblings: shared layers are counted in each sibling that uses them.
 */
import { hierarchy, treemap, treemapSquarify } from 'd3-hierarchy';
import { useLayoutEffect, useRef, useState } from 'react';
import { useNavigate } from '../../components/routing';
import { formatBytes } from '../../components/ui/format';
import { auditPath, repositoryPath } from '../../config/route-paths';
import type { NamespaceStats } from '../../queries/audit';

/** Before the box is measured (and in jsdom, which has no layout). */
const INITIAL_WIDTH = 960;
const HEIGHT = 360;
/** The theme's chart tints (src/index.css, light and dark): calm fills that sit on the grey UI. */
const FILLS = [1, 2, 3, 4, 5, 6].map((n) => `var(--color-chart-${n})`);

/** The box's width in CSS pixels, kept up to date: the layout fills it at 1:1, so text stays 13 px. */
function useWidth(ref: React.RefObject<HTMLDivElement | null>): number {
  const [width, setWidth] = useState(INITIAL_WIDTH);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element || typeof ResizeObserver === 'undefined') return;
    const measure = () => {
      const next = Math.floor(element.getBoundingClientRect().width);
      if (next > 0) setWidth(next);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

interface Tile {
  key: string;
  label: string;
  bytes: number;
  /** Where a click goes. */
  to: string;
  zoom: boolean;
}

function tilesOf(node: NamespaceStats, selfBytes: number): Tile[] {
  const tiles: Tile[] = node.children.map((child) => ({
    key: child.path,
    label: child.label + (child.children.length > 0 ? '/' : ''),
    bytes: child.storedBytes,
    to: child.children.length > 0 ? auditPath(child.path) : repositoryPath(child.path),
    zoom: child.children.length > 0,
  }));
  // A namespace that is also a repository (a/b next to a/b/c) shows the repository itself too.
  if (node.isRepository && node.children.length > 0) {
    tiles.push({ key: `${node.path}#self`, label: `${node.label} (repository)`, bytes: selfBytes, to: repositoryPath(node.path), zoom: false });
  }
  return tiles.filter((tile) => tile.bytes > 0);
}

export function Treemap({ node, selfBytes }: { node: NamespaceStats; selfBytes?: number }) {
  const navigate = useNavigate();
  const boxRef = useRef<HTMLDivElement>(null);
  const width = useWidth(boxRef);
  const tiles = tilesOf(node, selfBytes ?? 0);
  if (tiles.length === 0) return <p className="text-sm text-slate-500">Nothing stored below this namespace (crawl it first).</p>;
  const root = hierarchy<{ tile?: Tile; children?: { tile: Tile }[] }>({ children: tiles.map((tile) => ({ tile })) }).sum((d) => d.tile?.bytes ?? 0);
  const laid = treemap<{ tile?: Tile; children?: { tile: Tile }[] }>().size([width, HEIGHT]).paddingInner(2).round(true).tile(treemapSquarify)(root);
  return (
    <div ref={boxRef} className="w-full">
      <svg viewBox={`0 0 ${width} ${HEIGHT}`} width={width} height={HEIGHT} role="group" aria-label={`Treemap of stored size in ${node.path || 'the registry'}`} className="block h-auto w-full">
        {laid.leaves().map((leaf, i) => {
          const tile = leaf.data.tile as Tile;
          const w = leaf.x1 - leaf.x0;
          const h = leaf.y1 - leaf.y0;
          const name = `${tile.zoom ? 'Zoom into' : 'Open'} ${tile.label}: ${formatBytes(tile.bytes)} stored`;
          const go = () => void navigate(tile.to);
          return (
            <g
              key={tile.key}
              role="link"
              tabIndex={0}
              aria-label={name}
              data-bytes={tile.bytes}
              className="cursor-pointer outline-none hover:[&>rect]:brightness-95 focus-visible:[&>rect]:stroke-[var(--color-focus)] focus-visible:[&>rect]:stroke-[3]"
              onClick={go}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  go();
                }
              }}
            >
              <title>{`${tile.label}: ${formatBytes(tile.bytes)} stored (${tile.bytes} bytes)`}</title>
              <rect x={leaf.x0} y={leaf.y0} width={w} height={h} fill={FILLS[i % FILLS.length]} rx={4} />
              {w > 60 && h > 28 && (
                <text x={leaf.x0 + 6} y={leaf.y0 + 18} fill="var(--color-chart-fg)" fontSize={13} fontWeight={500} pointerEvents="none">
                  <tspan>{tile.label.length * 7 > w - 12 ? `${tile.label.slice(0, Math.max(3, Math.floor((w - 12) / 7) - 1))}…` : tile.label}</tspan>
                  {h > 44 && (
                    <tspan x={leaf.x0 + 6} dy={16} fontSize={11} fontWeight={400} className="tabular-nums">
                      {formatBytes(tile.bytes)}
                    </tspan>
                  )}
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </div>
  );
}
