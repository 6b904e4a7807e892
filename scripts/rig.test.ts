// @vitest-environment node
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extraLocationFiles, NGINX_TEMPLATE, NGINX_TLS_TEMPLATE, renderServerConfig, renderTlsConfig } from './rig.ts';
import { parseScope } from './token-server.ts';
import { defaultE2eSpec } from './seed-registry.ts';

describe('renderServerConfig', () => {
  const template = readFileSync(NGINX_TEMPLATE, 'utf8');
  const rendered = renderServerConfig(template, { listen: '127.0.0.1:1234', upstream: 'http://127.0.0.1:5000', root: '/srv/www' });

  it('substitutes only the template variables, like the official image', () => {
    expect(rendered).not.toContain('${');
    expect(rendered).toMatch(/^\s*listen 127\.0\.0\.1:1234;/m);
    expect(rendered).toMatch(/^\s*proxy_pass http:\/\/127\.0\.0\.1:5000;/m);
    // nginx's own variables are untouched.
    expect(rendered).toContain('proxy_set_header Host $http_host;');
    expect(rendered).toContain('try_files $uri /index.html;');
  });

  it('forwards ACR\'s /acr/v1/ and /oauth2/ beside /v2/, with the sandbox CSP, and takes REGISTRY_UPSTREAM_HOST', () => {
    expect(rendered).toMatch(/location ~ \^\/\(\?:v2\|acr\/v1\|oauth2\)\/ \{\s*proxy_pass http:\/\/127\.0\.0\.1:5000;/);
    for (const path of ['v2', 'acr/v1', 'oauth2']) expect(rendered).toMatch(new RegExp(`~\\^/${path}/\\s+"default-src 'none'; sandbox";`));
    const acr = renderServerConfig(template, { listen: '1', upstream: 'https://myregistry.azurecr.io', root: '/srv/www', upstreamHost: 'myregistry.azurecr.io' });
    expect(acr).toContain('proxy_set_header Host myregistry.azurecr.io;');
    expect(acr).toContain('proxy_ssl_server_name on;');
  });

  it("takes the CSP's connect-src as REGATTA_CONNECT_SRC, 'self' by default", () => {
    expect(rendered).toContain("connect-src 'self'; worker-src");
    const other = renderServerConfig(template, { listen: '1', upstream: 'http://127.0.0.1:5000', root: '/srv/www', connectSrc: "'self' http://127.0.0.1:5001" });
    expect(other).toContain("connect-src 'self' http://127.0.0.1:5001; worker-src");
  });

  it('answers a missing config.json with 404, not index.html', () => {
    expect(rendered).toMatch(/location = \/config\.json \{\s*try_files \$uri =404;\s*\}/);
  });

  it('renders the TLS server directives with HTTP/2 and HSTS', () => {
    const tls = renderTlsConfig(readFileSync(NGINX_TLS_TEMPLATE, 'utf8'), { listen: '127.0.0.1:8443', cert: '/c.pem', key: '/k.pem' });
    expect(tls).not.toContain('${');
    expect(tls).toMatch(/^listen 127\.0\.0\.1:8443 ssl http2;/m);
    expect(tls).toMatch(/^ssl_certificate \/c\.pem;/m);
    expect(tls).toMatch(/^ssl_certificate_key \/k\.pem;/m);
    expect(tls).toMatch(/^add_header Strict-Transport-Security "max-age=\d+" always;/m);
    // A crawl sends 33,000 requests over one HTTP/2 connection; at nginx's default of 1,000 per
    // connection a request caught in its closing failed and ended the scan (docs/registry-notes.md).
    expect(Number(/^keepalive_requests (\d+);/m.exec(tls)?.[1])).toBeGreaterThanOrEqual(100_000);
  });

  it('points root at the served directory', () => {
    expect(rendered).toMatch(/^\s*root \/srv\/www;/m);
    expect(rendered).not.toContain('/usr/share/nginx/html');
  });
});

describe('extra locations (deploy/nginx.conf include regatta.d/*.conf)', () => {
  const template = readFileSync(NGINX_TEMPLATE, 'utf8');

  it('keeps the production include and points it at the rig folder when asked', () => {
    expect(template).toMatch(/^\s*include \/etc\/nginx\/regatta\.d\/\*\.conf;/m);
    const rendered = renderServerConfig(template, { listen: '1', upstream: 'http://127.0.0.1:5000', root: '/srv/www', includeDir: '/rig/regatta.d' });
    expect(rendered).toMatch(/^\s*include \/rig\/regatta\.d\/\*\.conf;/m);
    expect(rendered).not.toMatch(/^\s*include \/etc\/nginx\/regatta\.d/m);
  });

  it('proxies /token and path-prefixed registries', () => {
    const files = extraLocationFiles({ tokenUpstream: 'http://127.0.0.1:7001/ignored', extraRegistries: [{ prefix: '/second', url: 'http://127.0.0.1:5002' }] });
    expect(files['token.conf']).toContain('location = /token {');
    expect(files['token.conf']).toContain('proxy_pass http://127.0.0.1:7001;');
    expect(files['registry-second.conf']).toContain('location /second/v2/ {');
    expect(files['registry-second.conf']).toContain('proxy_pass http://127.0.0.1:5002/v2/;');
    expect(files['registry-second.conf']).toContain('location /second/acr/v1/ {');
    expect(files['registry-second.conf']).toContain('proxy_pass http://127.0.0.1:5002/acr/v1/;');
    expect(files['registry-second.conf']).toContain('location /second/oauth2/ {');
    expect(() => extraLocationFiles({ extraRegistries: [{ prefix: 'no-slash', url: 'http://x' }] })).toThrow(/prefix/);
  });
});

describe('token server scopes', () => {
  it('splits type, name and actions', () => {
    expect(parseScope('repository:team/app:pull,push')).toEqual({ type: 'repository', name: 'team/app', actions: ['pull', 'push'] });
    expect(parseScope('registry:catalog:*')).toEqual({ type: 'registry', name: 'catalog', actions: ['*'] });
    expect(parseScope('nonsense')).toBeNull();
  });
});

describe('defaultE2eSpec', () => {
  const spec = defaultE2eSpec();
  const names = spec.repositories.map((r) => r.name);

  it('holds the repositories the e2e tests rely on, once each', () => {
    expect(new Set(names).size).toBe(names.length);
    for (const name of ['marketing/campaign10-18/web', 'marketing/campaign10-18/api', 'acr-helloworld', 'samples/multiarch', 'a/b', 'a/b/c', 'emptied/repo', 'bulk/repo-001', 'bulk/repo-030']) {
      expect(names).toContain(name);
    }
  });

  it('uses valid repository names and tags', () => {
    for (const repo of spec.repositories) {
      expect(repo.name).toMatch(/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/);
      for (const push of repo.pushes) for (const tag of push.tags) expect(tag).toMatch(/^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/);
    }
  });
});
