import { checkSourceClient, SOURCE_CLIENT_SERVICES } from '../../config/source-client';
import { composeSourceClient, dockerConfigSnippet, dockerLoginCommand, isAzureLoginServer, pushCommands, referenceByDigest, referenceByTag, SERVICE_PATHS } from './connect-snippets';

const digest = `sha256:${'ab'.repeat(32)}`;

describe('connect snippets', () => {
  it('builds login, tag and digest addresses', () => {
    expect(dockerLoginCommand('acme.azurecr.io')).toBe('docker login acme.azurecr.io');
    expect(referenceByTag('acme.azurecr.io', 'team/app', 'v1')).toBe('acme.azurecr.io/team/app:v1');
    expect(referenceByDigest('reg.example:5000', 'team/app', digest)).toBe(`reg.example:5000/team/app@${digest}`);
    expect(pushCommands('acme.azurecr.io', 'team/app', 'v1')).toBe('docker tag app:v1 acme.azurecr.io/team/app:v1\ndocker push acme.azurecr.io/team/app:v1');
  });

  it('writes a Docker config that parses and carries the header and the login server', () => {
    const text = dockerConfigSnippet('acme.azurecr.io', 'azure/aks');
    expect(JSON.parse(text)).toEqual({ auths: { 'acme.azurecr.io': {} }, HttpHeaders: { 'X-Meta-Source-Client': 'azure/aks' } });
    // A login server with characters JSON must escape still gives valid JSON.
    expect(JSON.parse(dockerConfigSnippet('we"ird', 'azure/ml')).auths).toHaveProperty('we"ird');
  });

  it('combines any documented cloud with any documented service into a valid value', () => {
    expect(SERVICE_PATHS).toHaveLength(SOURCE_CLIENT_SERVICES.length);
    expect(composeSourceClient('china', 'app-service/web-apps')).toBe('china/app-service/web-apps');
    for (const { path } of SERVICE_PATHS) expect(checkSourceClient(composeSourceClient('azurestack', path)).ok).toBe(true);
    expect(SERVICE_PATHS.find((s) => s.label === 'Azure Kubernetes Service')?.path).toBe('aks');
  });
});

describe('isAzureLoginServer', () => {
  it('knows the Azure Container Registry hosts of every cloud', () => {
    expect(isAzureLoginServer('myregistry.azurecr.io')).toBe(true);
    expect(isAzureLoginServer('MyRegistry.AzureCR.io')).toBe(true);
    expect(isAzureLoginServer('reg.azurecr.cn')).toBe(true);
    expect(isAzureLoginServer('reg.azurecr.us')).toBe(true);
    expect(isAzureLoginServer('127.0.0.1:5000')).toBe(false);
    expect(isAzureLoginServer('azurecr.io.example.com')).toBe(false);
    expect(isAzureLoginServer('registry.example.com')).toBe(false);
  });
});
