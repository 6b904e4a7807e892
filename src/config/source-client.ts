/**
 * X-Meta-Source-Client: the header Azure Container Registry reads to tell which service or
 * orchestrator sent a request. Format and values from the ACR docs, "Azure Container Registry HTTP
 * headers" (github.com/Azure/acr, docs/http-headers.md):
 *   X-Meta-Source-Client: <cloud>/<service>/<optionalservicename>
 * where the optional service name may itself be a path (azure/acr/connected-registry/instance-1).
 * ACR uses it for telemetry only, never for auth, so a wrong value is harmless but useless.
 */

/** The documented cloud prefixes. */
export const SOURCE_CLIENT_CLOUDS = [
  { label: 'Azure Public Cloud', prefix: 'azure' },
  { label: 'Azure Stack', prefix: 'azurestack' },
  { label: 'China (Mooncake)', prefix: 'china' },
  { label: 'Germany', prefix: 'germany' },
  { label: 'US DOD', prefix: 'azureusdod' },
  { label: 'US Gov', prefix: 'azureusgov' },
  { label: 'On Premise', prefix: 'on-prem' },
] as const;

/** The documented service / orchestrator values (all under the azure/ cloud in the docs). */
export const SOURCE_CLIENT_SERVICES = [
  { label: 'App Service - Logic Apps', value: 'azure/app-service/logic-apps' },
  { label: 'App Service - Web Apps', value: 'azure/app-service/web-apps' },
  { label: 'Azure Container Builder', value: 'azure/acb' },
  { label: 'Azure Container Instance', value: 'azure/aci' },
  { label: 'Azure Container Service', value: 'azure/acs' },
  { label: 'Azure Kubernetes Service', value: 'azure/aks' },
  { label: 'AKS Engine (Kubernetes)', value: 'azure/aks-engine' },
  { label: 'Cluster API Azure (Kubernetes)', value: 'azure/capz' },
  { label: 'Batch', value: 'azure/batch' },
  { label: 'Cloud Console', value: 'azure/cloud-console' },
  { label: 'Functions', value: 'azure/functions' },
  { label: 'HDInsight', value: 'azure/hdinsight' },
  { label: 'Internet of Things - Hub', value: 'azure/iot/hub' },
  { label: 'Jenkins', value: 'azure/jenkins' },
  { label: 'Machine Learning', value: 'azure/ml' },
  { label: 'Service Fabric', value: 'azure/service-fabric' },
  { label: 'VSTS', value: 'azure/vsts' },
  { label: 'ACR Tasks', value: 'azure/acr/tasks' },
  { label: 'ACR Connected Registry', value: 'azure/acr/connected-registry/instance-1' },
  { label: 'Defender for Cloud - ACR scanner, image pulls', value: 'azure/mdc/scanner-svc-image-puller' },
  { label: 'Defender for Cloud - ACR scanner, registry discovery', value: 'azure/mdc/scanner-svc-image-discovery' },
  { label: 'Defender for Cloud - ACR scanner, image enrichment', value: 'azure/mdc/scanner-svc-image-enrichment' },
  { label: 'Defender for Cloud - Azure DevOps CLI scanner', value: 'azure/mdc/scanner-ado-cli-image-puller' },
] as const;

const SEGMENT = '[a-z0-9]+(?:-[a-z0-9]+)*';
/** <cloud>/<service>[/<optionalservicename>…]: lowercase words joined by single hyphens. */
export const SOURCE_CLIENT_PATTERN = new RegExp(`^${SEGMENT}/${SEGMENT}(?:/${SEGMENT})*$`);

export type SourceClientCheck =
  | { ok: true; value: string; /** The cloud is not one the docs list: allowed, worth a second look. */ unknownCloud: boolean }
  | { ok: false; value: string; problem: string };

/** Validates a typed X-Meta-Source-Client value (trimmed) against the documented format. */
export function checkSourceClient(input: string): SourceClientCheck {
  const value = input.trim();
  if (value === '') return { ok: false, value, problem: 'Enter a value such as azure/aks.' };
  if (/[A-Z]/.test(value)) return { ok: false, value, problem: 'Use lowercase, as the documented values do (e.g. azure/aks).' };
  if (!SOURCE_CLIENT_PATTERN.test(value)) {
    return {
      ok: false,
      value,
      problem: 'Must look like <cloud>/<service>[/<optionalservicename>]: at least two parts separated by "/", each of a-z, 0-9 and single hyphens.',
    };
  }
  const cloud = value.slice(0, value.indexOf('/'));
  return { ok: true, value, unknownCloud: !SOURCE_CLIENT_CLOUDS.some((entry) => entry.prefix === cloud) };
}
