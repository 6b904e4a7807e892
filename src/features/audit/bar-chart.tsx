import { useNavigate } from '../../components/routing';
import { formatBytes } from '../../components/ui/format';
import { repositoryPath } from '../../config/route-paths';
import type { RepositoryStats } from '../../queries/audit';

const WIDTH = 960;
const ROW = 26;
const LABEL = 320;

/** The largest repositories by stored size, as horizontal bars (each a link to the repository). */
export function LargestRepositoriesChart({ repositories, limit = 10 }: { repositories: RepositoryStats[]; limit?: number }) {
  const navigate = useNavigate();
  const top = [...repositories].filter((r) => r.storedBytes > 0).sort((a, b) => b.storedBytes - a.storedBytes || (a.name < b.name ? -1 : 1)).slice(0, limit);
  if (top.length === 0) return null;
  const max = top[0]?.storedBytes ?? 1;
  const height = top.length * ROW + 4;
  return (
    <svg viewBox={`0 0 ${WIDTH} ${height}`} role="group" aria-label={`The ${top.length} largest repositories by stored size`} className="h-auto w-full max-w-5xl">
      {top.map((repo, i) => {
        const width = Math.max(2, ((WIDTH - LABEL - 90) * repo.storedBytes) / max);
        const y = i * ROW + 2;
        const go = () => void navigate(repositoryPath(repo.name));
        return (
          <g
            key={repo.name}
            role="link"
            tabIndex={0}
            aria-label={`${repo.name}: ${formatBytes(repo.storedBytes)} stored`}
            data-bytes={repo.storedBytes}
            className="cursor-pointer"
            onClick={go}
            onKeyDown={(e) => {
              if (e.key === 'Enter') go();
            }}
          >
            <title>{`${repo.name}: ${formatBytes(repo.storedBytes)} stored (${repo.storedBytes} bytes), ${formatBytes(repo.logicalBytes)} logical`}</title>
            <text x={LABEL - 8} y={y + 16} textAnchor="end" fontSize={12} fill="#0f172a">
              {repo.name.length > 44 ? `…${repo.name.slice(-43)}` : repo.name}
            </text>
            <rect x={LABEL} y={y + 3} width={width} height={ROW - 8} fill="#0369a1" rx={2} />
            <text x={LABEL + width + 6} y={y + 16} fontSize={12} fill="#334155">
              {formatBytes(repo.storedBytes)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
