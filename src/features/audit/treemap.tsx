/**
 * Stored size by namespace, one level at a time: each child of the namespace on screen is a
 * rectangle (d3-hierarchy's squarified layout; the SVG is ours). Clicking a namespace zooms into
 * it (the page moves to /audit/<namespace>; the breadcrumb zooms out), clicking a repository
 * opens it. Each rectangle is a focusable link with a name that says its size, and a <title>
 * tooltip. Areas compare siblings: shared layers are counted in each sibling that uses them.
 */
import { hierarchy, treemap, treemapSquarify } from 'd3-hierarchy';
import { useNavigate } from 'react-router';
import { formatBytes } from '../../components/ui/format';
import { auditPath, repositoryPath } from '../../config/route-paths';
import type { NamespaceStats } from '../../queries/audit';

const WIDTH = 960;
const HEIGHT = 360;
const COLORS = ['#0369a1', '#0e7490', '#4d7c0f', '#a16207', '#9f1239', '#6d28d9', '#15803d', '#b45309'];

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
  const tiles = tilesOf(node, selfBytes ?? 0);
  if (tiles.length === 0) return <p className="text-sm text-slate-500">Nothing stored below this namespace (crawl it first).</p>;
  const root = hierarchy<{ tile?: Tile; children?: { tile: Tile }[] }>({ children: tiles.map((tile) => ({ tile })) }).sum((d) => d.tile?.bytes ?? 0);
  const laid = treemap<{ tile?: Tile; children?: { tile: Tile }[] }>().size([WIDTH, HEIGHT]).paddingInner(2).round(true).tile(treemapSquarify)(root);
  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="group" aria-label={`Treemap of stored size in ${node.path || 'the registry'}`} className="h-auto w-full max-w-5xl">
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
            className="cursor-pointer outline-none focus-visible:[&>rect]:stroke-black focus-visible:[&>rect]:stroke-[3]"
            onClick={go}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') {
                e.preventDefault();
                go();
              }
            }}
          >
            <title>{`${tile.label}: ${formatBytes(tile.bytes)} stored (${tile.bytes} bytes)`}</title>
            <rect x={leaf.x0} y={leaf.y0} width={w} height={h} fill={COLORS[i % COLORS.length]} rx={2} />
            {w > 60 && h > 28 && (
              <text x={leaf.x0 + 6} y={leaf.y0 + 18} fill="white" fontSize={13} pointerEvents="none">
                <tspan>{tile.label.length * 7 > w - 12 ? `${tile.label.slice(0, Math.max(3, Math.floor((w - 12) / 7) - 1))}…` : tile.label}</tspan>
                {h > 44 && (
                  <tspan x={leaf.x0 + 6} dy={16} fontSize={11}>
                    {formatBytes(tile.bytes)}
                  </tspan>
                )}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
