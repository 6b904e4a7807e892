import { checkSourceClient, SOURCE_CLIENT_CLOUDS, SOURCE_CLIENT_PATTERN, SOURCE_CLIENT_SERVICES } from './source-client';

describe('X-Meta-Source-Client values', () => {
  it('accepts every documented service value and cloud prefix', () => {
    for (const service of SOURCE_CLIENT_SERVICES) expect(checkSourceClient(service.value)).toMatchObject({ ok: true, unknownCloud: false });
    for (const cloud of SOURCE_CLIENT_CLOUDS) expect(SOURCE_CLIENT_PATTERN.test(`${cloud.prefix}/aks`)).toBe(true);
  });

  it.each([
    ['azure/aks', true],
    ['china/app-service/web-apps', true],
    ['azure/acr/connected-registry/instance-1', true],
    ['  azure/ml  ', true],
    ['azure', false],
    ['azure/', false],
    ['/aks', false],
    ['azure//aks', false],
    ['azure/aks/', false],
    ['azure/-aks', false],
    ['azure/a--ks', false],
    ['azure/ak s', false],
    ['azure/aks"', false],
    ['', false],
  ])('%j valid: %s', (value, ok) => {
    expect(checkSourceClient(value).ok).toBe(ok);
  });

  it('explains what is wrong', () => {
    expect(checkSourceClient('Azure/AKS')).toMatchObject({ ok: false, problem: expect.stringMatching(/lowercase/) });
    expect(checkSourceClient('aks')).toMatchObject({ ok: false, problem: expect.stringMatching(/<cloud>\/<service>/) });
    expect(checkSourceClient('')).toMatchObject({ ok: false, problem: expect.stringMatching(/azure\/aks/) });
  });

  it('flags an undocumented cloud without refusing it', () => {
    expect(checkSourceClient('mycloud/builder')).toEqual({ ok: true, value: 'mycloud/builder', unknownCloud: true });
    expect(checkSourceClient('azureusgov/aks')).toEqual({ ok: true, value: 'azureusgov/aks', unknownCloud: false });
  });
});
