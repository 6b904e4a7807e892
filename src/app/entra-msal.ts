// The only module that imports @azure/msal-browser: loaded by dynamic import() when a registry has
// an entra block, so the catalog page's first load carries none of it.
import { createStandardPublicClientApplication, type AuthenticationResult } from '@azure/msal-browser';
import { ACR_ENTRA_SCOPE, entraAuthorityOf, type EntraConfig } from '../config/app-config';
import type { EntraAuthClient, EntraToken } from './entra-sign-in';

/** Entra ID's own sign-in hosts (public and national clouds); any other authority is plain OpenID Connect. */
const ENTRA_HOSTS = new Set(['login.microsoftonline.com', 'login.microsoftonline.us', 'login.chinacloudapi.cn', 'login.partner.microsoftonline.cn']);

function tokenOf(result: AuthenticationResult): EntraToken {
  return { accessToken: result.accessToken, account: result.account.username || result.account.name || result.account.localAccountId };
}

/** An MSAL public client for one registry's entra block: authorization code with PKCE by redirect. */
export async function createMsalClient(config: EntraConfig, redirectUri: string): Promise<EntraAuthClient> {
  const authority = entraAuthorityOf(config);
  const host = new URL(authority).host;
  const entra = ENTRA_HOSTS.has(host);
  const msal = await createStandardPublicClientApplication({
    // A non-Microsoft authority must be named as known, and spoken to in the OIDC protocol mode
    // (msal-browser docs, configuration.md: protocolMode, knownAuthorities).
    auth: { clientId: config.clientId, authority, redirectUri, knownAuthorities: entra ? [] : [host] },
    cache: { cacheLocation: 'sessionStorage' },
    system: entra ? {} : { protocolMode: 'OIDC' },
  });
  const scopes = config.scopes ?? [ACR_ENTRA_SCOPE];
  return {
    async completeRedirect() {
      const result = await msal.handleRedirectPromise();
      if (!result) return null;
      msal.setActiveAccount(result.account);
      return tokenOf(result);
    },
    startSignIn: () => msal.loginRedirect({ scopes }),
    async acquireSilently() {
      const account = msal.getActiveAccount() ?? msal.getAllAccounts()[0];
      if (!account) throw new Error('No Entra ID account is signed in in this tab.');
      return tokenOf(await msal.acquireTokenSilent({ scopes, account }));
    },
    forget: () => msal.clearCache(),
  };
}
