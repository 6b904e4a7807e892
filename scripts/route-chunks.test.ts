// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { chunkNamer, staticClosure } from './route-chunks.ts';

// main → layout (static), main ⇢ page, main ⇢ config (dynamic); page → table → shared, page → util;
// config → schema; page → schema; other-page → util.
const imports: Record<string, { importedIds: string[]; dynamicallyImportedIds: string[] }> = {
  main: { importedIds: ['layout'], dynamicallyImportedIds: ['page', 'config', 'other-page'] },
  layout: { importedIds: ['shared'], dynamicallyImportedIds: [] },
  page: { importedIds: ['table', 'util', 'schema'], dynamicallyImportedIds: [] },
  table: { importedIds: ['shared'], dynamicallyImportedIds: [] },
  util: { importedIds: [], dynamicallyImportedIds: [] },
  shared: { importedIds: [], dynamicallyImportedIds: [] },
  config: { importedIds: ['schema'], dynamicallyImportedIds: [] },
  schema: { importedIds: [], dynamicallyImportedIds: [] },
  'other-page': { importedIds: ['util'], dynamicallyImportedIds: [] },
};
const graph = { getModuleInfo: (id: string) => imports[id] ?? null };

describe('route chunks', () => {
  it('follows static imports only', () => {
    expect([...staticClosure(graph, ['main'])].sort()).toEqual(['layout', 'main', 'shared']);
  });

  it("puts a page's own modules in its chunk: not the entry's, not what config needs; another page may share", () => {
    const name = chunkNamer('main', [{ name: 'page-chunk', roots: ['page'] }], (root) => root.endsWith('page'));
    const named = Object.fromEntries(Object.keys(imports).map((id) => [id, name(id, graph)]));
    expect(named).toEqual({ main: null, layout: null, shared: null, config: null, schema: null, 'other-page': null, page: 'page-chunk', table: 'page-chunk', util: 'page-chunk' });
  });

  it('leaves a module to automatic splitting when a module outside mayShare needs it', () => {
    const name = chunkNamer('main', [{ name: 'page-chunk', roots: ['page'] }], () => false);
    expect(name('util', graph)).toBeNull();
    expect(name('table', graph)).toBe('page-chunk');
  });
});
