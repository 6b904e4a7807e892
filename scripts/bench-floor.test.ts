import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { minimumRequests } from './bench-floor.ts';
import { startDelayProxy } from './delay-proxy.ts';
import type { RepositoryRecord } from './seed-registry.ts';

const digest = (c: string) => `sha256:${c.repeat(64)}`;
const record = (tags: Record<string, string>): RepositoryRecord => ({
  tags: Object.fromEntries(Object.entries(tags).map(([tag, d]) => [tag, { digest: d, size: 1, created: '2026-01-01T00:00:00Z', mediaType: 'application/vnd.oci.image.manifest.v1+json' }])),
  orphans: [],
});

describe('minimumRequests', () => {
  it('catalog: one request per page', () => {
    expect(minimumRequests({ kind: 'catalog', pageSize: 1000, repositories: 10_000 })).toBe(10);
    expect(minimumRequests({ kind: 'catalog', pageSize: 1000, repositories: 0 })).toBe(1);
  });

  it('tags, cold: tags/list + one request per tag + one config per distinct digest; revisit: tags/list + a HEAD per tag', () => {
    const aliases = record({ a: digest('a'), b: digest('a'), c: digest('b') });
    expect(minimumRequests({ kind: 'tags', name: 'x', record: aliases, revisit: false })).toBe(1 + 3 + 2);
    expect(minimumRequests({ kind: 'tags', name: 'x', record: aliases, revisit: true })).toBe(1 + 3);
  });
});

describe('startDelayProxy', () => {
  it('passes method, path, headers and body on, and answers with the upstream answer', async () => {
    const upstream = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        res.writeHead(201, { 'x-seen': `${req.method} ${req.url} ${req.headers.accept} ${body}` });
        res.end('done');
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    const proxy = await startDelayProxy({ target: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`, delayMs: 5 });
    try {
      const answer = await new Promise<{ status: number; seen: string; body: string }>((resolve, reject) => {
        const url = new URL(proxy.url);
        const req = request({ host: url.hostname, port: url.port, method: 'PUT', path: '/v2/a/manifests/v1?x=1', headers: { accept: 'application/json' } }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, seen: String(res.headers['x-seen']), body }));
        });
        req.on('error', reject);
        req.end('payload');
      });
      expect(answer).toEqual({ status: 201, seen: 'PUT /v2/a/manifests/v1?x=1 application/json payload', body: 'done' });
      expect(proxy.requests).toBe(1);
    } finally {
      await proxy.stop();
      await new Promise((resolve) => upstream.close(resolve));
    }
  });
});
