import { SOURCE_CLIENT_CLOUDS, SOURCE_CLIENT_SERVICES } from '../../config/source-client';

/** `docker login <loginServer>`: the CLI asks for the username and the password (or a token). */
export function dockerLoginCommand(loginServer: string): string {
  return `docker login ${loginServer}`;
}

/** `<loginServer>/<repository>:<tag>` — what pull, push, run and FROM take. */
export function referenceByTag(loginServer: string, repository: string, tag: string): string {
  return `${loginServer}/${repository}:${tag}`;
}

/** `<loginServer>/<repository>@<digest>` — the exact content, whatever tags move. */
export function referenceByDigest(loginServer: string, repository: string, digest: string): string {
  return `${loginServer}/${repository}@${digest}`;
}

/**
 * Pushing: tag the local image with the registry's address, then push it. A push always goes to
 * a tag (docker cannot push "to a digest"); the digest it prints is the by-digest address.
 */
export function pushCommands(loginServer: string, repository: string, tag: string, localImage = `${repository.split('/').at(-1) ?? repository}:${tag}`): string {
  const target = referenceByTag(loginServer, repository, tag);
  return `docker tag ${localImage} ${target}\ndocker push ${target}`;
}

/** The documented service values without their `azure/` cloud prefix, to combine with any cloud. */
export const SERVICE_PATHS = SOURCE_CLIENT_SERVICES.map((service) => ({ label: service.label, path: service.value.slice('azure/'.length) }));

export type CloudPrefix = (typeof SOURCE_CLIENT_CLOUDS)[number]['prefix'];

/** The docs list clouds and services separately: `china` + `aks` → `china/aks`. */
export function composeSourceClient(cloud: string, servicePath: string): string {
  return `${cloud}/${servicePath}`;
}

/**
 * A Docker client config (~/.docker/config.json) that sends X-Meta-Source-Client on every
 * request to registries (Docker's `HttpHeaders`), with an `auths` entry that `docker login`
 * fills in. Serialized by JSON.stringify, so it is always valid JSON.
 */
export function dockerConfigSnippet(loginServer: string, sourceClient: string): string {
  const config = {
    auths: { [loginServer]: {} },
    HttpHeaders: { 'X-Meta-Source-Client': sourceClient },
  };
  return JSON.stringify(config, null, 2);
}

/** Azure Container Registry login servers (public cloud, China, US Government). */
export function isAzureLoginServer(loginServer: string): boolean {
  return /\.azurecr\.(io|cn|us)(:\d+)?$/i.test(loginServer);
}
