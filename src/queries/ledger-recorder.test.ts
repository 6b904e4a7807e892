import 'fake-indexeddb/auto';
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { readLedger } from './ledger-store';
import { ledgerEventOf, startLedgerRecorder } from './ledger-recorder';

const A = `sha256:${'a'.repeat(64)}`;

describe('ledger recorder', () => {
  it('recognises tag HEAD and tags/list keys only', () => {
    expect(ledgerEventOf(['registry', 'u', 'repo', 'a/b', 'tag', 'v1', 'head'], null)).toMatchObject({ kind: 'head', repository: 'a/b', tag: 'v1' });
    expect(ledgerEventOf(['registry', 'u', 'repo', 'a/b', 'tags'], ['v1'])).toMatchObject({ kind: 'tags' });
    expect(ledgerEventOf(['registry', 'u', 'repo', 'a/b', 'manifest', A], {})).toBeNull();
    expect(ledgerEventOf(['registry', 'u', 'catalog'], {})).toBeNull();
  });

  it('records what the app resolves, through the query cache', async () => {
    const queryClient = new QueryClient();
    const stop = startLedgerRecorder(queryClient);
    queryClient.setQueryData(['registry', 'http://rec', 'repo', 'team/app', 'tag', 'v1', 'head'], { digest: A, mediaType: 'x', size: 1 });
    queryClient.setQueryData(['registry', 'http://rec', 'repo', 'team/app', 'manifest', A], { digest: A });
    stop();
    const ledger = await readLedger('http://rec', 'team/app');
    expect(ledger.current).toEqual({ v1: A });
    expect(Object.keys(ledger.manifests)).toEqual([A]);
  });

  it('started late, records the answers that arrived since the page began, not older ones', async () => {
    const queryClient = new QueryClient();
    const B = `sha256:${'b'.repeat(64)}`;
    queryClient.setQueryData(['registry', 'http://late', 'repo', 'team/app', 'tag', 'old', 'head'], { digest: A, mediaType: 'x', size: 1 }, { updatedAt: 1_000 });
    queryClient.setQueryData(['registry', 'http://late', 'repo', 'team/app', 'tag', 'v1', 'head'], { digest: B, mediaType: 'x', size: 1 }, { updatedAt: 5_000 });
    const stop = startLedgerRecorder(queryClient, { since: 2_000 });
    queryClient.setQueryData(['registry', 'http://late', 'repo', 'team/app', 'tag', 'v2', 'head'], { digest: A, mediaType: 'x', size: 1 });
    stop();
    const ledger = await readLedger('http://late', 'team/app');
    expect(ledger.current).toEqual({ v1: B, v2: A });
  });
});
