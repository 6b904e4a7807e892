// @vitest-environment node
// Envelopes as distribution 2.8.2 sends them (recorded on the real registry, docs/registry-notes.md).
import { describe, expect, it } from 'vitest';
import { moveInFlight } from './indexer.ts';
import { envelopeSchema, indexEvents } from './notifications.ts';
import type { RepositorySnapshot } from './repository-snapshot.ts';

const D = `sha256:${'5'.repeat(64)}`;
const E = `sha256:${'e'.repeat(64)}`;
const request = { id: 'r', addr: '127.0.0.1:1', host: '127.0.0.1:5000', method: 'PUT', useragent: 'x' };
const source = { addr: 'host:5000', instanceID: 'i' };

const envelope = envelopeSchema.parse({
  events: [
    { id: 'blob', timestamp: '2026-12-01T11:22:53.955685456Z', action: 'push', target: { mediaType: 'application/octet-stream', size: 123, digest: E, length: 123, repository: 'ns/app', url: 'u' }, request, actor: {}, source },
    { id: 'manifest', timestamp: '2026-12-01T11:22:53.983539802Z', action: 'push', target: { mediaType: 'application/vnd.oci.image.manifest.v1+json', size: 476, digest: D, repository: 'ns/app', url: 'u', tag: 'a' }, request, actor: { name: 'ci' }, source },
    { id: 'pull', timestamp: '2026-12-01T11:22:54Z', action: 'pull', target: { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: D, repository: 'ns/app', tag: 'a' }, request, actor: {}, source },
    { id: 'del', timestamp: '2026-12-01T11:22:55.538609874Z', action: 'delete', target: { digest: D, repository: 'ns/app' }, request, actor: {}, source },
    { id: 'del-tag', timestamp: '2026-12-01T11:22:55.555259853Z', action: 'delete', target: { repository: 'ns/app', tag: 'a' }, request, actor: {}, source },
  ],
});

describe('indexEvents', () => {
  it('keeps manifest pushes (with the tag move and actor) and deletes; drops blob pushes and pulls', () => {
    expect(indexEvents(envelope)).toEqual([
      { id: 'manifest', repository: 'ns/app', at: Date.parse('2026-12-01T11:22:53.983Z'), move: { repository: 'ns/app', tag: 'a', digest: D, at: Date.parse('2026-12-01T11:22:53.983Z'), actor: 'ci' } },
      { id: 'del', repository: 'ns/app', at: Date.parse('2026-12-01T11:22:55.538Z'), move: null },
      { id: 'del-tag', repository: 'ns/app', at: Date.parse('2026-12-01T11:22:55.555Z'), move: null },
    ]);
  });

  it('refuses a body that is not an envelope', () => {
    expect(envelopeSchema.safeParse({ events: [{ action: 'push' }] }).success).toBe(false);
  });
});

describe('moveInFlight', () => {
  const link = (digest: string, writtenMs: number) => ({ digest, writtenMs, createdMs: writtenMs });
  const snapshot = (tags: RepositorySnapshot['tags']): RepositorySnapshot => ({ repository: 'ns/app', stamp: 's', revisions: [link(D, 1), link(E, 1)], tags, newFacts: new Map() });
  const move = { repository: 'ns/app', tag: 'a', digest: D, at: 0, actor: null };

  it('waits while the tag is missing, or its index entry is newer than its current link', () => {
    expect(moveInFlight(snapshot([]), move)).toBe(true);
    expect(moveInFlight(snapshot([{ name: 'a', current: link(E, 5), history: [link(E, 5), link(D, 6)] }]), move)).toBe(true);
  });

  it('waits on a restore: the tag held the digest before, and its current link is older than the event', () => {
    const restore = { ...move, at: 10_000 };
    expect(moveInFlight(snapshot([{ name: 'a', current: link(E, 7_000), history: [link(D, 6_000), link(E, 7_000)] }]), restore)).toBe(true);
    expect(moveInFlight(snapshot([{ name: 'a', current: link(D, 10_003), history: [link(D, 10_003), link(E, 7_000)] }]), restore)).toBe(false);
    // Moved on again after the restore's event (a later push), or written within the file clock's tick of it.
    expect(moveInFlight(snapshot([{ name: 'a', current: link(E, 10_020), history: [link(D, 6_000), link(E, 10_020)] }]), restore)).toBe(false);
    expect(moveInFlight(snapshot([{ name: 'a', current: link(E, 9_990), history: [link(D, 6_000), link(E, 9_990)] }]), restore)).toBe(false);
  });

  it('does not wait once the tag points there, or moved on to a newer digest, or the manifest is gone', () => {
    expect(moveInFlight(snapshot([{ name: 'a', current: link(D, 6), history: [link(D, 6)] }]), move)).toBe(false);
    expect(moveInFlight(snapshot([{ name: 'a', current: link(E, 7), history: [link(D, 6), link(E, 7)] }]), move)).toBe(false);
    expect(moveInFlight({ ...snapshot([]), revisions: [] }, move)).toBe(false);
  });
});
