import { checkRepositoryName, checkTag, compileRules, isValidPattern } from './naming-rules';

describe('repository names (ACR charset + distribution grammar)', () => {
  it.each([
    'alpine',
    'library/alpine',
    'marketing/campaign10-18/web',
    'a/b/c',
    'my-app',
    'my--app',
    'my_app',
    'my__app',
    'my.app',
    'team/app-1.2',
    '0',
    'a'.repeat(255),
  ])('accepts %s', (name) => {
    expect(checkRepositoryName(name)).toEqual([]);
  });

  it.each([
    ['Alpine', 'repository-charset'],
    ['my app', 'repository-charset'],
    ['app!', 'repository-charset'],
    ['team\\app', 'repository-charset'],
    ['/alpine', 'repository-grammar'],
    ['alpine/', 'repository-grammar'],
    ['a//b', 'repository-grammar'],
    ['-app', 'repository-grammar'],
    ['app-', 'repository-grammar'],
    ['.app', 'repository-grammar'],
    ['app.', 'repository-grammar'],
    ['_app', 'repository-grammar'],
    ['a..b', 'repository-grammar'],
    ['a___b', 'repository-grammar'],
    ['a._b', 'repository-grammar'],
    ['a-.b', 'repository-grammar'],
    ['', 'repository-grammar'],
    ['a'.repeat(256), 'repository-length'],
  ])('refuses %s (%s)', (name, rule) => {
    expect(checkRepositoryName(name).map((v) => v.rule)).toContain(rule);
  });

  it('says which characters are wrong', () => {
    expect(checkRepositoryName('Team/App')[0]?.message).toContain('"T" "A"');
  });
});

describe('tags', () => {
  it.each(['latest', 'v1.0.0', '1.0', '_x', 'A', 'v1_2-3.4', 'a'.repeat(128)])('accepts %s', (tag) => {
    expect(checkTag('r', tag)).toEqual([]);
  });
  it.each(['.hidden', '-x', 'a'.repeat(129), 'v1+build', 'v 1', '', 'tag/x', 'é'])('refuses %s', (tag) => {
    expect(checkTag('r', tag).map((v) => v.rule)).toEqual(['tag-grammar']);
  });
});

describe('team rules from config', () => {
  const rules = compileRules({ requiredNamespacePrefix: ['marketing', 'platform/'], tagPattern: 'v\\d+(\\.\\d+)*|latest', repositoryPattern: '[a-z/-]+' });

  it('requires a namespace prefix (a whole component, not a substring)', () => {
    expect(checkRepositoryName('marketing/web', rules)).toEqual([]);
    expect(checkRepositoryName('platform/api', rules)).toEqual([]);
    expect(checkRepositoryName('marketingx/web', rules).map((v) => v.rule)).toEqual(['namespace-prefix']);
    expect(checkRepositoryName('marketing', rules).map((v) => v.rule)).toEqual(['namespace-prefix']);
  });

  it('matches patterns against the whole name', () => {
    expect(checkRepositoryName('marketing/web2', rules).map((v) => v.rule)).toEqual(['repository-pattern']);
    expect(checkTag('r', 'v1.2.3', rules)).toEqual([]);
    expect(checkTag('r', 'latest', rules)).toEqual([]);
    expect(checkTag('r', 'v1.2.3-rc1', rules).map((v) => v.rule)).toEqual(['tag-pattern']);
    expect(checkTag('r', 'xlatest', rules).map((v) => v.rule)).toEqual(['tag-pattern']);
  });

  it('validates patterns', () => {
    expect(isValidPattern('v\\d+')).toBe(true);
    expect(isValidPattern('(')).toBe(false);
  });
});

describe('namingRules in config.json', () => {
  it('accepts global and per-registry rules and refuses a broken regex by its field path', async () => {
    const { parseAppConfig } = await import('../config/app-config');
    const config = parseAppConfig({
      registries: [{ name: 'a', url: '', namingRules: { tagPattern: 'v\\d+' } }],
      namingRules: { requiredNamespacePrefix: ['marketing'], repositoryPattern: '[a-z/]+' },
    });
    expect(config.namingRules?.requiredNamespacePrefix).toEqual(['marketing']);
    expect(config.registries[0]?.namingRules?.tagPattern).toBe('v\\d+');
    expect(() => parseAppConfig({ registries: [{ name: 'a', url: '' }], namingRules: { tagPattern: '(' } })).toThrow(/namingRules\.tagPattern: must be a valid regular expression/);
    expect(() => parseAppConfig({ registries: [{ name: 'a', url: '', namingRules: { requiredNamespacePrefix: ['Bad Name'] } }] })).toThrow(/registries\.0\.namingRules\.requiredNamespacePrefix\.0/);
  });
});
