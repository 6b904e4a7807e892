// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createRegistryClient } from '../registry/client';
import { createRequestQueue } from './request-queue';

describe('a timed-out request frees its queue slot', () => {
  it('the next queued request runs once the silent one times out', async () => {
    const calls: string[] = [];
    const fetchFn = ((input: RequestInfo | URL) => {
      const url = String(input);
      calls.push(url);
      if (url.includes('/silent/')) return new Promise<Response>(() => undefined);
      return Promise.resolve(Response.json({ name: 'team/other', tags: ['v1'] }));
    }) as typeof fetch;
    const client = createRegistryClient({ baseUrl: 'http://registry.test', fetch: fetchFn, requestTimeoutMs: 30 });
    const queue = createRequestQueue(1);
    const silent = queue.run('silent', (signal) => client.listTags('team/silent', { signal }));
    const next = queue.run('next', (signal) => client.listTags('team/other', { signal }));
    await expect(silent).rejects.toMatchObject({ code: 'TIMEOUT' });
    await expect(next).resolves.toEqual(['v1']);
    expect(queue.active).toBe(0);
  });
});
