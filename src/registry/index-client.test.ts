// @vitest-environment node
import { createIndexClient, parseEventStream } from './index-client';

function fakeFetch(answer: (url: string, init?: RequestInit) => Response) {
  const calls: { url: string; authorization: string | null }[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    calls.push({ url, authorization: new Headers(init?.headers).get('Authorization') });
    return answer(url, init);
  }) as typeof fetch;
  return { fetchImpl, calls };
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('createIndexClient', () => {
  it("sends the caller's registry credentials and encodes each part of the repository path", async () => {
    const { fetchImpl, calls } = fakeFetch(() => json({ repository: 'team/app', tag: 'v 1', history: [] }));
    const client = createIndexClient({ baseUrl: 'https://portal.example', fetch: fetchImpl, authorization: () => 'Basic YTpi' });
    expect(await client.history('team/app', 'v 1')).toEqual([]);
    expect(calls).toEqual([{ url: 'https://portal.example/index/v1/repositories/team/app/-/tags/v%201/history', authorization: 'Basic YTpi' }]);
  });

  it('pages the bulk tag list and checks each row, blobs included', async () => {
    const row = { repository: 'team/app', tag: 'v1', digest: 'sha256:aa', mediaType: 'application/vnd.oci.image.manifest.v1+json', imageSize: 10, created: null, updatedAt: null, blobs: [['sha256:cc', 4]] };
    const { fetchImpl, calls } = fakeFetch(() => json({ tags: [row], next: 'team/app:v1' }));
    const client = createIndexClient({ baseUrl: '', fetch: fetchImpl });
    expect(await client.tagList({ n: 1000, last: 'team/a:v0', namespace: 'team' })).toEqual({ tags: [row], next: 'team/app:v1' });
    expect(calls[0]?.url).toBe('/index/v1/tags?n=1000&last=team%2Fa%3Av0&namespace=team');
    const bad = createIndexClient({ baseUrl: '', fetch: fakeFetch(() => json({ tags: [{ ...row, blobs: [['sha256:cc']] }], next: null })).fetchImpl });
    await expect(bad.tagList()).rejects.toMatchObject({ code: 'INDEX_MALFORMED' });
  });

  it('turns an error answer into a registry error with its status and code', async () => {
    const { fetchImpl } = fakeFetch(() => json({ error: { code: 'UNAUTHORIZED', message: 'sign in' } }, 401));
    const client = createIndexClient({ baseUrl: '', fetch: fetchImpl });
    await expect(client.tags('team/app')).rejects.toMatchObject({ status: 401, code: 'UNAUTHORIZED', repository: 'team/app' });
  });

  it('refuses an answer that does not match the schema, and one that is not JSON', async () => {
    const client = createIndexClient({ baseUrl: '', fetch: fakeFetch(() => json({ repository: 'a', tags: [{ name: 'v1' }] })).fetchImpl });
    await expect(client.tags('a')).rejects.toMatchObject({ code: 'INDEX_MALFORMED' });
    const html = createIndexClient({ baseUrl: '', fetch: fakeFetch(() => new Response('<html>', { status: 200 })).fetchImpl });
    await expect(html.tags('a')).rejects.toMatchObject({ code: 'INDEX_MALFORMED', message: expect.stringContaining('not JSON') });
  });

  it('a network failure is a NETWORK_ERROR, not an exception of another kind', async () => {
    const client = createIndexClient({
      baseUrl: '',
      fetch: (async () => {
        throw new TypeError('Failed to fetch');
      }) as typeof fetch,
    });
    await expect(client.manifests('a')).rejects.toMatchObject({ name: 'RegistryError', code: 'NETWORK_ERROR' });
  });

  it('follows the change stream until it ends, across chunk boundaries', async () => {
    const text = ': hello\n\nevent: change\ndata: {"repository":"a/b","cause":"event","at":"2026-01-01T00:00:00Z"}\n\nevent: change\ndata: {"repository":"c","cau';
    const rest = 'se":"scan","at":"2026-01-01T00:00:01Z"}\n\n';
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(text));
        controller.enqueue(new TextEncoder().encode(rest));
        controller.close();
      },
    });
    const client = createIndexClient({ baseUrl: '', fetch: fakeFetch(() => new Response(body, { headers: { 'Content-Type': 'text/event-stream' } })).fetchImpl });
    const seen: string[] = [];
    await client.watch((change) => seen.push(`${change.cause} ${change.repository}`), { signal: new AbortController().signal });
    expect(seen).toEqual(['event a/b', 'scan c']);
  });
});

describe('parseEventStream', () => {
  it('returns complete change events and keeps the unfinished rest; other events and bad data are skipped', () => {
    const { changes, rest } = parseEventStream(
      'event: ping\ndata: {}\n\nevent: change\ndata: not json\n\nevent: change\r\ndata: {"repository":"x","cause":"event","at":"t"}\r\n\r\nevent: change\ndata: {"rep',
    );
    expect(changes).toEqual([{ repository: 'x', cause: 'event', at: 't' }]);
    expect(rest).toBe('event: change\ndata: {"rep');
  });
});
