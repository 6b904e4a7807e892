import { Link } from '../../components/routing';
import { manifestPath } from '../../config/route-paths';
import type { Descriptor } from '../../registry/types';

/** A referrer's `subject`: the manifest it signs or describes. */
export function SubjectLink({ name, subject }: { name: string; subject: Descriptor }) {
  return (
    <p className="mt-2 text-sm text-slate-700">
      Refers to (subject){' '}
      <Link to={manifestPath(name, subject.digest)} className="font-mono text-xs break-all text-sky-700 underline hover:text-sky-900">
        {subject.digest}
      </Link>
    </p>
  );
}
