// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createRegistryClient } from './client';
import { RegistryError } from './errors';
import { mountBlob, uploadBlob } from './write-operations';

const BASE = 'http://registry.test';

interface Call {
  method: string;
  url: string;
  authorization: string | null;
}

/** A fetch that records every call and answers from a table keyed by "METHOD url". */
function recordingFetch(answer: (method: string, url: string) => Response) {
  const calls: Call[] = [];
  const fetchFn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = init?.method ?? 'GET';
    calls.push({ method, url, authorization: new Headers(init?.headers).get('Authorization') });
    return answer(method, url);
  }) as typeof fetch;
  return { calls, fetchFn };
}

async function collect(pages: AsyncGenerator<string[]>): Promise<string[]> {
  const out: string[] = [];
  for await (const page of pages) out.push(...page);
  return out;
}

describe('requests go only to the registry origin or a configured token realm', () => {
  it('refuses a catalog Link to another host before sending anything there', async () => {
    const foreign = 'http://evil.invalid/v2/_catalog?last=x';
    const { calls, fetchFn } = recordingFetch(() =>
      Response.json({ repositories: ['a'] }, { headers: { Link: `<${foreign}>; rel="next"` } }),
    );
    const client = createRegistryClient({ baseUrl: BASE, fetch: fetchFn });
    const error = await collect(client.catalogPages()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RegistryError);
    expect(error).toMatchObject({ code: 'URL_NOT_ALLOWED', url: foreign });
    expect((error as RegistryError).message).toContain(foreign);
    expect(calls.map((call) => call.url)).toEqual([`${BASE}/v2/_catalog?n=1000`]);
    expect(calls.some((call) => call.url.includes('evil.invalid'))).toBe(false);
  });

  it('refuses a protocol-relative or other-scheme Link, and follows a same-origin one', async () => {
    for (const target of ['//evil.invalid/v2/_catalog?last=x', 'https://registry.test/v2/_catalog?last=x', 'javascript:alert(1)']) {
      const { calls, fetchFn } = recordingFetch((_, url) =>
        url.includes('last=') ? Response.json({ repositories: ['b'] }) : Response.json({ repositories: ['a'] }, { headers: { Link: `<${target}>; rel="next"` } }),
      );
      const client = createRegistryClient({ baseUrl: BASE, fetch: fetchFn });
      await expect(collect(client.catalogPages())).rejects.toMatchObject({ code: 'URL_NOT_ALLOWED' });
      expect(calls).toHaveLength(1);
    }
    const { calls, fetchFn } = recordingFetch((_, url) =>
      url.includes('last=') ? Response.json({ repositories: ['b'] }) : Response.json({ repositories: ['a'] }, { headers: { Link: '</v2/_catalog?last=a&n=1000>; rel="next"' } }),
    );
    const client = createRegistryClient({ baseUrl: BASE, fetch: fetchFn });
    await expect(collect(client.catalogPages())).resolves.toEqual(['a', 'b']);
    expect(calls).toHaveLength(2);
  });

  it('with a same-origin deploy (baseUrl ""), an absolute Link elsewhere is refused too', async () => {
    const { calls, fetchFn } = recordingFetch(() =>
      Response.json({ name: 'a', tags: ['v1'] }, { headers: { Link: '<http://evil.invalid/v2/a/tags/list?last=v1>; rel="next"' } }),
    );
    const client = createRegistryClient({ baseUrl: '', fetch: fetchFn });
    // nextPageUrl keeps only the path of an absolute Link with base '': it stays on this origin.
    await client.listTags('a').catch(() => undefined);
    expect(calls.every((call) => call.url.startsWith('/'))).toBe(true);
  });

  it('refuses an upload Location on another host: the PUT with the credentials is never sent', async () => {
    const { calls, fetchFn } = recordingFetch((method, url) => {
      if (url === `${BASE}/v2/`) return new Response(null, { status: 200 });
      if (method === 'POST') {
        return new Response(null, { status: 202, headers: { Location: 'http://evil.invalid/upload/123?_state=x' } });
      }
      return new Response(null, { status: 201 });
    });
    const client = createRegistryClient({ baseUrl: BASE, fetch: fetchFn, credentials: () => ({ username: 'u', password: 'p' }) });
    const error = await uploadBlob(client, 'team/app', new TextEncoder().encode('layer')).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'URL_NOT_ALLOWED' });
    expect((error as RegistryError).message).toContain('http://evil.invalid/upload/123');
    expect(calls.map((call) => call.method)).toEqual(['POST']);
    expect(calls.some((call) => call.url.includes('evil.invalid'))).toBe(false);
  });

  it('a refused mount with a foreign Location is not cancelled there', async () => {
    const { calls, fetchFn } = recordingFetch(() => new Response(null, { status: 202, headers: { Location: 'http://evil.invalid/upload/9' } }));
    const client = createRegistryClient({ baseUrl: BASE, fetch: fetchFn });
    await expect(mountBlob(client, 'team/b', `sha256:${'a'.repeat(64)}`, 'team/a')).resolves.toBe('not-mounted');
    expect(calls.some((call) => call.url.includes('evil.invalid'))).toBe(false);
  });

  it('allows a configured token realm origin', async () => {
    const { calls, fetchFn } = recordingFetch(() => new Response(null, { status: 201 }));
    const client = createRegistryClient({ baseUrl: BASE, fetch: fetchFn, tokenRealms: ['https://auth.example'] });
    await client.request({ method: 'GET', url: 'https://auth.example/x', authKey: 'k' });
    expect(calls.map((call) => call.url)).toEqual(['https://auth.example/x']);
    await expect(client.request({ method: 'GET', url: 'https://other.example/x', authKey: 'k' })).rejects.toMatchObject({ code: 'URL_NOT_ALLOWED' });
    expect(calls).toHaveLength(1);
  });
});
