import { describe, expect, it } from 'vitest';
import { manifestReference, parseReference } from './parse-reference';

const digest = `sha256:${'ab'.repeat(32)}`;

describe('parseReference', () => {
  it('reads a repository, with a tag, with a digest, or both', () => {
    expect(parseReference('team/app')).toEqual({ name: 'team/app' });
    expect(parseReference('team/app:1.2')).toEqual({ name: 'team/app', tag: '1.2' });
    expect(parseReference(`team/app@${digest}`)).toEqual({ name: 'team/app', digest });
    expect(parseReference(`team/app:1.2@${digest}`)).toEqual({ name: 'team/app', tag: '1.2', digest });
  });

  it('takes the first component as the host when it has a dot or a port, or is localhost', () => {
    expect(parseReference('myregistry.azurecr.io/team/app:1.2')).toEqual({ host: 'myregistry.azurecr.io', name: 'team/app', tag: '1.2' });
    expect(parseReference('127.0.0.1:5000/app')).toEqual({ host: '127.0.0.1:5000', name: 'app' });
    expect(parseReference('localhost/app:v1')).toEqual({ host: 'localhost', name: 'app', tag: 'v1' });
    // No dot, no port: a namespace.
    expect(parseReference('team/app')).not.toHaveProperty('host');
  });

  it('reads docker pull lines, flags included', () => {
    expect(parseReference('docker pull myregistry.azurecr.io/team/app:1.2')).toEqual({ host: 'myregistry.azurecr.io', name: 'team/app', tag: '1.2' });
    expect(parseReference(`  docker pull --platform linux/arm64 host.example/team/app@${digest}  `)).toEqual({ host: 'host.example', name: 'team/app', digest });
    expect(parseReference('docker pull -q --platform=linux/amd64 team/app:v1')).toEqual({ name: 'team/app', tag: 'v1' });
    expect(parseReference('podman pull registry.example.com/app')).toEqual({ host: 'registry.example.com', name: 'app' });
    expect(parseReference('docker image pull team/app:latest')).toEqual({ name: 'team/app', tag: 'latest' });
  });

  it('drops a URL scheme and quotes', () => {
    expect(parseReference('https://myregistry.azurecr.io/team/app')).toEqual({ host: 'myregistry.azurecr.io', name: 'team/app' });
    expect(parseReference('"team/app:v1"')).toEqual({ name: 'team/app', tag: 'v1' });
  });

  it('reads a bare digest', () => {
    expect(parseReference(digest)).toEqual({ digest });
  });

  it('refuses what is not a reference', () => {
    expect(parseReference('')).toBeNull();
    expect(parseReference('   ')).toBeNull();
    expect(parseReference('Team/App')).toBeNull();
    expect(parseReference('team/app:')).toBeNull();
    expect(parseReference('team/app:-bad')).toBeNull();
    expect(parseReference('team/app@sha256')).toBeNull();
    expect(parseReference('docker pull')).toBeNull();
  });

  it('opens the digest when there is one, else the tag', () => {
    expect(manifestReference({ name: 'a', tag: 'v1', digest })).toBe(digest);
    expect(manifestReference({ name: 'a', tag: 'v1' })).toBe('v1');
    expect(manifestReference({ name: 'a' })).toBeUndefined();
  });
});
