/**
 * Every definition of the 2021-07-01 ACR spec that Regatta reads, from the checked-in minimal
 * answers in fixtures/acr-spec/ (each holds exactly the spec's required fields, plus what Regatta
 * cannot do without, named `regattaNeeds`): that answer parses; dropping any required field is a
 * typed error; a null, oddly typed or unknown optional value keeps the rest of the page.
 * docs/acr-spec-fields.md lists the same fields with what Regatta uses them for.
 */
import { http, HttpResponse } from 'msw';
import doc from '../../docs/acr-spec-fields.md?raw';
import { exchangeEntraToken } from './acr-entra';
import { parseRegistryErrorBody, RegistryError } from './errors';
import { createTestClient, setupAcrTestRegistry } from '../testing/test-server';

interface SpecFixture {
  definition: string;
  answerOf: string;
  required: string[];
  optional: string[];
  regattaNeeds?: string[];
  itemOptional?: string[];
  minimal: Record<string, unknown>;
}

const FIXTURES = import.meta.glob<SpecFixture>('./fixtures/acr-spec/*.json', { eager: true, import: 'default' });
const fixture = (name: string): SpecFixture => {
  const found = FIXTURES[`./fixtures/acr-spec/${name}.json`];
  if (!found) throw new Error(`no fixture ${name}`);
  return found;
};

const { server, baseUrl, api } = setupAcrTestRegistry('http://spec.test');
const OTHER_DIGEST = `sha256:${'b'.repeat(64)}`;

/**
 * How each definition reaches its parser: the answer served where the registry would send it, read
 * through the client as the app does. Resolves to the number of entries read (1 for a single object).
 */
const READERS: Record<string, { read: (body: Record<string, unknown>) => Promise<number>; malformed: string; listField?: string }> = {
  Repositories: {
    read: async (body) => {
      server.use(http.get(`${baseUrl}/acr/v1/_catalog`, () => HttpResponse.json(body)));
      const detection = await api.detect();
      if (!detection.acr) throw new Error('not detected');
      return 1;
    },
    malformed: 'none',
    // The list itself: an unreadable one is no ACR answer (detection says "no API"), never an empty list.
    listField: 'repositories',
  },
  AcrManifests: {
    read: async (body) => {
      server.use(http.get(`${baseUrl}/acr/v1/team/app/_manifests`, () => HttpResponse.json(body)));
      await api.listManifests('team/app');
      return 1;
    },
    malformed: 'RESPONSE_MALFORMED',
    // An unreadable list fails the page: read as empty, every manifest would vanish from the scan.
    listField: 'manifests',
  },
  ManifestAttributesBase: {
    read: async (entry) => {
      const other = { ...fixture('ManifestAttributesBase').minimal, digest: OTHER_DIGEST };
      server.use(http.get(`${baseUrl}/acr/v1/team/app/_manifests`, () => HttpResponse.json({ manifests: [entry, other] })));
      return (await api.listManifests('team/app')).length;
    },
    malformed: 'RESPONSE_MALFORMED',
  },
  ManifestAttributes: {
    read: async (body) => {
      server.use(http.patch(`${baseUrl}/acr/v1/team/app/_manifests/:digest`, () => HttpResponse.json(body)));
      await api.updateManifestAttributes('team/app', `sha256:${'a'.repeat(64)}`, { deleteEnabled: false });
      return 1;
    },
    malformed: 'RESPONSE_MALFORMED',
  },
  TagList: {
    read: async (body) => {
      server.use(http.get(`${baseUrl}/acr/v1/team/app/_tags`, () => HttpResponse.json(body)));
      await api.listTags('team/app');
      return 1;
    },
    malformed: 'RESPONSE_MALFORMED',
  },
  TagAttributesBase: {
    read: async (entry) => {
      const other = { ...fixture('TagAttributesBase').minimal, name: 'v2' };
      server.use(http.get(`${baseUrl}/acr/v1/team/app/_tags`, () => HttpResponse.json({ ...fixture('TagList').minimal, tags: [entry, other] })));
      return (await api.listTags('team/app')).length;
    },
    malformed: 'RESPONSE_MALFORMED',
  },
  TagAttributes: {
    read: async (body) => {
      server.use(http.patch(`${baseUrl}/acr/v1/team/app/_tags/v1`, () => HttpResponse.json(body)));
      await api.updateTagAttributes('team/app', 'v1', { deleteEnabled: false });
      return 1;
    },
    malformed: 'RESPONSE_MALFORMED',
  },
  ChangeableAttributes: {
    read: async (attributes) => {
      const tag = { ...fixture('TagAttributesBase').minimal, changeableAttributes: attributes };
      const manifest = { ...fixture('ManifestAttributesBase').minimal, changeableAttributes: attributes };
      server.use(
        http.get(`${baseUrl}/acr/v1/team/app/_tags`, () => HttpResponse.json({ ...fixture('TagList').minimal, tags: [tag] })),
        http.get(`${baseUrl}/acr/v1/team/app/_manifests`, () => HttpResponse.json({ manifests: [manifest] })),
      );
      return (await api.listTags('team/app')).length + (await api.listManifests('team/app')).length - 1;
    },
    malformed: 'none',
  },
  RefreshToken: {
    read: async (body) => {
      server.use(
        http.get(`${baseUrl}/v2/`, () => new HttpResponse(null, { status: 401, headers: { 'WWW-Authenticate': `Bearer realm="${baseUrl}/oauth2/token",service="spec.test"` } })),
        http.post(`${baseUrl}/oauth2/exchange`, () => HttpResponse.json(body)),
      );
      const credentials = await exchangeEntraToken({ fetch: (input, init) => fetch(input, init), baseUrl, aadAccessToken: 'entra-access-token' });
      expect(credentials.password).toBe(body.refresh_token);
      return 1;
    },
    malformed: 'TOKEN_INVALID',
  },
  AccessToken: {
    read: async (body) => {
      server.use(
        http.get(`${baseUrl}/v2/team/app/tags/list`, ({ request }) =>
          request.headers.get('Authorization') === `Bearer ${String(body.access_token)}`
            ? HttpResponse.json({ name: 'team/app', tags: ['v1'] })
            : new HttpResponse(null, { status: 401, headers: { 'WWW-Authenticate': `Bearer realm="${baseUrl}/oauth2/token",service="spec.test",scope="repository:team/app:pull"` } }),
        ),
        http.get(`${baseUrl}/oauth2/token`, () => HttpResponse.json(body)),
      );
      return (await createTestClient(baseUrl).listTags('team/app')).length;
    },
    malformed: 'TOKEN_INVALID',
  },
};

const NAMES = Object.keys(READERS);
const UNKNOWN_VALUES: [string, unknown][] = [
  ['null', null],
  ['an object', { unexpected: [1] }],
  ['a number', 7],
];

describe('ACR spec fields: the checked-in minimal answers', () => {
  it('hold exactly the required fields (and what Regatta needs), and every fixture has a reader', () => {
    expect(Object.keys(FIXTURES).map((path) => path.replace(/^.*\/(.+)\.json$/, '$1')).sort()).toEqual([...NAMES, 'AcrErrors'].sort());
    for (const name of NAMES) {
      const { minimal, required, regattaNeeds = [] } = fixture(name);
      expect(Object.keys(minimal).sort(), name).toEqual([...new Set([...required, ...regattaNeeds])].sort());
    }
  });

  it('are all listed in docs/acr-spec-fields.md, field by field', () => {
    for (const found of Object.values(FIXTURES)) {
      for (const part of found.definition.split(' / ')) expect(doc, part).toContain(`## ${part}`);
      for (const field of [...found.required, ...found.optional, ...(found.itemOptional ?? [])]) expect(doc, `${found.definition}.${field}`).toContain(`| \`${field}\` |`);
    }
  });
});

describe.each(NAMES)('ACR spec fields: %s', (name) => {
  const { minimal, required, optional, regattaNeeds = [] } = fixture(name);
  const reader = READERS[name]!;
  const count = name.endsWith('AttributesBase') ? 2 : 1;

  it('an answer with only the required fields parses', async () => {
    expect(await reader.read(structuredClone(minimal))).toBe(count);
  });

  const mustHave = [...new Set([...required, ...regattaNeeds])];
  if (mustHave.length > 0) {
    it.each(mustHave)('without %s: a typed error, nothing guessed', async (field) => {
      const body = structuredClone(minimal);
      delete body[field];
      const error: unknown = await reader.read(body).then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(RegistryError);
      expect(error).toMatchObject({ code: reader.malformed });
    });
  }

  it('unknown fields (a later api-version) are ignored', async () => {
    expect(await reader.read({ ...structuredClone(minimal), somethingNew: { nested: [1] }, alsoNew: null })).toBe(count);
  });

  const lenient = optional.filter((field) => !regattaNeeds.includes(field) && field !== reader.listField);
  if (lenient.length > 0) {
    it.each(lenient)('%s null, of another type or unknown: the rest of the page is kept', async (field) => {
      for (const [, value] of UNKNOWN_VALUES) {
        expect(await reader.read({ ...structuredClone(minimal), [field]: value, somethingNew: { from: 'a later api-version' } })).toBe(count);
      }
    });
  }
});

describe('ACR spec fields: AcrErrors / AcrErrorInfo', () => {
  const { minimal } = fixture('AcrErrors');

  it('every error answer is a typed error with its status, whatever the body holds', async () => {
    for (const body of [minimal, { errors: null }, { errors: [{}] }, { errors: [{ code: null, message: null, detail: null }] }, { errors: [{ code: 7, message: { text: 'x' } }] }]) {
      server.use(http.get(`${baseUrl}/acr/v1/team/app/_manifests`, () => HttpResponse.json(body, { status: 404 })));
      await expect(api.listManifests('team/app')).rejects.toMatchObject({ status: 404 });
    }
  });

  it('code, message and detail are read when present; absent or odd ones are replaced, not fatal', () => {
    expect(parseRegistryErrorBody(405, JSON.stringify({ errors: [{ code: 'REGISTRY_DISALLOWED_OPERATION', message: 'locked', detail: { digest: 'x' } }] }))).toMatchObject({
      code: 'REGISTRY_DISALLOWED_OPERATION',
      message: '405 REGISTRY_DISALLOWED_OPERATION: locked',
      errors: [{ code: 'REGISTRY_DISALLOWED_OPERATION', message: 'locked', detail: { digest: 'x' } }],
    });
    expect(parseRegistryErrorBody(404, JSON.stringify(minimal))).toMatchObject({ code: 'HTTP_404' });
    expect(parseRegistryErrorBody(404, JSON.stringify({ errors: [{ code: null, message: null, detail: null }] }))).toMatchObject({ code: 'UNKNOWN', errors: [{ code: 'UNKNOWN', message: '' }] });
  });
});
