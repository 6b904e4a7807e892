import { useState } from 'react';
import { useNavigate, useSearchParams } from '../components/routing';
import { searchPath } from '../config/route-paths';

/** The header's search box (shown when the registry has an index): /search?q=… */
export function IndexSearchBox() {
  const [params] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const navigate = useNavigate();
  return (
    <form
      role="search"
      aria-label="Search the registry"
      onSubmit={(event) => {
        event.preventDefault();
        if (text.trim() !== '') void navigate(searchPath(text.trim()));
      }}
    >
      <input
        type="search"
        value={text}
        onChange={(event) => setText(event.target.value)}
        placeholder="Search repositories, tags, digests, labels…"
        aria-label="Search the registry index"
        className="w-64 rounded border border-slate-300 px-2 py-0.5 text-sm"
      />
    </form>
  );
}
