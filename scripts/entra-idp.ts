// A stand-in for Microsoft Entra ID in the e2e tests: oidc-provider (panva) over https with a
// certificate made at start (openssl, 127.0.0.1), on 127.0.0.1 only. Like Entra ID for an SPA it
// has a public client (no secret) that must use PKCE, issues JWT access tokens for one audience
// (ACR's) signed with RS256 and published at its JWKS, and signs users in with a login form that
// checks a password. Consent is taken as given (an admin-consented app registration).
// Two steps, because the app's origin (the redirect URI) is known only after the app is served
// with this provider's URL in its config: startEntraIdp() listens, configure() registers the client.
import { execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import Provider, { type Grant, type KoaContextWithOIDC } from 'oidc-provider';

export interface IdpUser {
  password: string;
  /** Shown as the account (Entra: the UPN). */
  email: string;
  name: string;
}

export interface IdpClientOptions {
  clientId: string;
  /** The SPA's redirect URIs (Entra: the "Single-page application" platform's). */
  redirectUris: string[];
  /** The access token's `aud` (Entra for ACR: https://containerregistry.azure.net). */
  audience: string;
  /** The scope that asks for it (Entra for ACR: https://containerregistry.azure.net/.default). */
  scope: string;
  /** Users by their `sub`. */
  users: Record<string, IdpUser>;
  /** Access token lifetime, seconds (default 3600). */
  accessTokenSeconds?: number;
}

export interface EntraIdp {
  /** The issuer and the MSAL authority: https://127.0.0.1:<port>/<tenant>. */
  issuer: string;
  jwksUri: string;
  /** The certificate (PEM), for Node clients that must trust it. */
  ca: string;
  /** base64 SHA-256 of the certificate's public key: Chromium's --ignore-certificate-errors-spki-list. */
  spki: string;
  configure(options: IdpClientOptions): void;
  stop(): Promise<void>;
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(action: string, clientId: string, error?: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in — stand-in identity provider</title></head><body>
<main><h1>Sign in</h1><p>to ${escapeHtml(clientId)}</p>
${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="${escapeHtml(action)}">
<label>Email <input name="login" type="email" autocomplete="username" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button>
</form></main></body></html>`;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

export async function startEntraIdp(options: { dir: string; tenant?: string }): Promise<EntraIdp> {
  const tenant = options.tenant ?? 'stand-in-tenant';
  const certPath = join(options.dir, 'idp-cert.pem');
  const keyPath = join(options.dir, 'idp-key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'pipe' });
  const ca = readFileSync(certPath, 'utf8');
  const spki = createHash('sha256').update(new X509Certificate(ca).publicKey.export({ type: 'spki', format: 'der' })).digest('base64');

  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;
  const server: Server = createServer({ cert: ca, key: readFileSync(keyPath) }, (req, res) => {
    if (handler) handler(req, res);
    else {
      res.writeHead(503);
      res.end('not configured yet');
    }
  });
  const port = await new Promise<number>((resolvePort, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') reject(new Error('entra idp: no TCP address'));
      else resolvePort(address.port);
    });
  });
  const issuer = `https://127.0.0.1:${port}/${tenant}`;
  const prefix = `/${tenant}`;

  return {
    issuer,
    jwksUri: `${issuer}/jwks`,
    ca,
    spki,
    configure(client) {
      const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
      const findUser = (login: string) => Object.entries(client.users).find(([, user]) => user.email === login);
      const provider: Provider = new Provider(issuer, {
        clients: [
          {
            client_id: client.clientId,
            // A public client: an SPA has no secret, so PKCE is what protects the code.
            token_endpoint_auth_method: 'none',
            redirect_uris: client.redirectUris,
            grant_types: ['authorization_code', 'refresh_token'],
            response_types: ['code'],
          },
        ],
        pkce: { required: () => true },
        jwks: { keys: [{ ...signingKey, kid: 'stand-in-1', use: 'sig', alg: 'RS256' }] },
        cookies: { keys: [randomBytes(32).toString('hex')] },
        scopes: ['openid', 'profile', 'offline_access'],
        claims: { openid: ['sub'], profile: ['name', 'preferred_username'] },
        findAccount: (_ctx, sub) => {
          const user = client.users[sub];
          return user ? { accountId: sub, claims: () => ({ sub, name: user.name, preferred_username: user.email }) } : undefined;
        },
        // The SPA calls the token endpoint from its own origin.
        clientBasedCORS: (_ctx, origin, found) => found.redirectUris?.some((uri) => new URL(uri).origin === origin) ?? false,
        features: {
          devInteractions: { enabled: false },
          resourceIndicators: {
            enabled: true,
            defaultResource: () => client.audience,
            useGrantedResource: () => true,
            getResourceServerInfo: () => ({ scope: client.scope, audience: client.audience, accessTokenTTL: client.accessTokenSeconds ?? 3600, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } }),
          },
        },
        interactions: { url: (_ctx, interaction) => `${prefix}/interaction/${interaction.uid}` },
        // Admin consent: every scope the client asks for is granted without a consent screen.
        loadExistingGrant: async (ctx: KoaContextWithOIDC): Promise<Grant | undefined> => {
          const accountId = ctx.oidc.session?.accountId;
          if (!accountId || !ctx.oidc.client) return undefined;
          const grant: Grant = new provider.Grant({ clientId: ctx.oidc.client.clientId, accountId });
          grant.addOIDCScope('openid profile offline_access');
          grant.addResourceScope(client.audience, client.scope);
          await grant.save();
          return grant;
        },
      });
      provider.proxy = false;
      const callback = provider.callback();
      handler = (req, res) => {
        const url = req.url ?? '/';
        if (!url.startsWith(prefix)) {
          res.writeHead(404);
          res.end();
          return;
        }
        const path = url.slice(prefix.length) || '/';
        const interaction = /^\/interaction\/([^/?]+)(\/login)?/.exec(path);
        if (interaction) {
          void (async () => {
            try {
              const details = await provider.interactionDetails(req, res);
              const clientId = String(details.params.client_id ?? '');
              if (!interaction[2]) {
                res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
                res.end(loginPage(`${prefix}/interaction/${details.uid}/login`, clientId));
                return;
              }
              const form = await readForm(req);
              const found = findUser(form.get('login') ?? '');
              if (!found || found[1].password !== form.get('password')) {
                res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
                res.end(loginPage(`${prefix}/interaction/${details.uid}/login`, clientId, 'Wrong email or password.'));
                return;
              }
              await provider.interactionFinished(req, res, { login: { accountId: found[0] } }, { mergeWithLastSubmission: false });
            } catch (error) {
              if (!res.headersSent) res.writeHead(400, { 'Content-Type': 'text/plain' });
              res.end(error instanceof Error ? error.message : String(error));
            }
          })();
          return;
        }
        // Mounted under /<tenant>, as Entra's authorities are: the provider sees the rest.
        (req as IncomingMessage & { originalUrl?: string }).originalUrl = url;
        req.url = path;
        void callback(req, res);
      };
    },
    stop: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
