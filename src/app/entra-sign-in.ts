import type { EntraConfig } from '../config/app-config';
import { ACR_REFRESH_TOKEN_USER } from '../registry/acr-entra';
import { jwtExpiry } from '../registry/auth';
import type { Credentials } from '../registry/types';
import type { CredentialsStore, SessionStorageLike } from './credentials-store';

/** An access token from the identity provider for the registry (audience ACR). */
export interface EntraToken {
  accessToken: string;
  /** Who signed in, as the identity provider names them. */
  account: string;
}

/** What Regatta needs of MSAL (entra-msal.ts), so the flow is tested without a browser. */
export interface EntraAuthClient {
  /** Completes a redirect back from the identity provider; null when this page load is no such return. */
  completeRedirect(): Promise<EntraToken | null>;
  /** Navigates away to the identity provider (authorization code with PKCE). */
  startSignIn(): Promise<void>;
  /** A fresh token without interaction (MSAL's cache and refresh token). */
  acquireSilently(): Promise<EntraToken>;
  /** Forgets the account and its tokens (MSAL's cache). */
  forget(): Promise<void>;
}

export interface EntraSignInOptions {
  config: EntraConfig;
  /** The registry's credentials: an Entra session keeps ACR's refresh token there. */
  credentials: CredentialsStore;
  /** Loads MSAL (a dynamic import: nothing of it ships unless an entra block is configured). */
  loadClient: () => Promise<EntraAuthClient>;
  /** The registry's POST /oauth2/exchange (registry/acr-entra.ts). */
  exchange: (aadAccessToken: string) => Promise<Credentials>;
  /** Marks "a redirect to the identity provider started here", so a page load that is no return never loads MSAL. */
  storage?: SessionStorageLike | null;
  /** One key per registry. */
  key: string;
  now?: () => number;
  setTimer?: (run: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
  /** How long before the ACR refresh token's `exp` a new one is fetched (capped at half its lifetime). Default 5 minutes. */
  refreshMarginMs?: number;
}

/** The Entra ID sign-in of one registry. */
export interface EntraSignIn {
  readonly config: EntraConfig;
  /** Navigates to the identity provider. */
  signIn(): Promise<void>;
  /** On page load: finishes a sign-in that redirected away from here (a no-op, MSAL never loaded, otherwise). */
  completeRedirect(): Promise<void>;
  /** On page load: an Entra session kept in this tab (remembered credentials) is renewed before it expires again. */
  resume(): Promise<void>;
  /** Why the last sign-in or renewal failed; null when it did not. */
  error(): string | null;
  /** The account signed in through Entra ID; null otherwise. */
  account(): string | null;
  subscribe(listener: () => void): () => void;
  /** Stops the renewal timer and the store subscription (tests). */
  dispose(): void;
}

const ACCOUNT_SUFFIX = ':account';
const PENDING_SUFFIX = ':pending';

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function defaultStorage(): SessionStorageLike | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

export function createEntraSignIn(options: EntraSignInOptions): EntraSignIn {
  const storage = options.storage === undefined ? defaultStorage() : options.storage;
  const now = options.now ?? Date.now;
  const setTimer = options.setTimer ?? ((run: () => void, ms: number) => setTimeout(run, ms));
  const clearTimer = options.clearTimer ?? ((timer: unknown) => clearTimeout(timer as ReturnType<typeof setTimeout>));
  const marginMs = options.refreshMarginMs ?? 5 * 60_000;
  const listeners = new Set<() => void>();
  let client: Promise<EntraAuthClient> | null = null;
  let timer: unknown = null;
  let lastError: string | null = null;
  /** The ACR refresh token this session put into the store: anything else there means it ended. */
  let sessionPassword: string | null = null;
  let accountName: string | null = null;

  const read = (suffix: string) => {
    try {
      return storage?.getItem(options.key + suffix) ?? null;
    } catch {
      return null;
    }
  };
  const write = (suffix: string, value: string | null) => {
    try {
      if (value === null) storage?.removeItem(options.key + suffix);
      else storage?.setItem(options.key + suffix, value);
    } catch {
      // Privacy mode: the sign-in still works for this page's lifetime.
    }
  };
  const notify = () => listeners.forEach((listener) => listener());
  const loadClient = () => (client ??= options.loadClient());
  const setError = (message: string | null) => {
    lastError = message;
    notify();
  };

  function cancelRenewal() {
    if (timer !== null) clearTimer(timer);
    timer = null;
  }

  /** Renews before the refresh token expires; a token without `exp` is taken as ACR's 3 hours. */
  function scheduleRenewal(refreshToken: string) {
    cancelRenewal();
    const exp = jwtExpiry(refreshToken);
    const lifetimeMs = exp === undefined ? 3 * 3600_000 : Math.max(0, exp * 1000 - now());
    const dueInMs = Math.max(0, lifetimeMs - Math.min(marginMs, lifetimeMs / 2));
    timer = setTimer(() => {
      timer = null;
      void renew();
    }, dueInMs);
  }

  async function startSession(token: EntraToken) {
    const credentials = await options.exchange(token.accessToken);
    sessionPassword = credentials.password;
    accountName = token.account;
    write(ACCOUNT_SUFFIX, token.account);
    // Remembered for the tab, as MSAL's own cache (sessionStorage) is.
    options.credentials.set(credentials, { remember: true });
    scheduleRenewal(credentials.password);
    setError(null);
  }

  async function renew() {
    try {
      const entra = await loadClient();
      await startSession(await entra.acquireSilently());
    } catch (error) {
      // The credentials stay until they expire; the next 401 shows the sign-in panel with this.
      setError(`The Entra ID session could not be renewed: ${messageOf(error)} Sign in again.`);
    }
  }

  async function endSession() {
    cancelRenewal();
    sessionPassword = null;
    accountName = null;
    write(ACCOUNT_SUFFIX, null);
    notify();
    if (client) await (await client).forget().catch(() => undefined);
  }

  const unsubscribe = options.credentials.subscribe(() => {
    // Signed out, or signed in otherwise: the Entra session (and MSAL's cache) goes with it.
    if (sessionPassword !== null && options.credentials.get()?.password !== sessionPassword) void endSession();
  });

  return {
    config: options.config,
    async signIn() {
      setError(null);
      write(PENDING_SUFFIX, '1');
      try {
        await (await loadClient()).startSignIn();
      } catch (error) {
        write(PENDING_SUFFIX, null);
        setError(`Entra ID sign-in could not start: ${messageOf(error)}`);
      }
    },
    async completeRedirect() {
      if (read(PENDING_SUFFIX) === null) return;
      try {
        const token = await (await loadClient()).completeRedirect();
        write(PENDING_SUFFIX, null);
        if (token) await startSession(token);
      } catch (error) {
        write(PENDING_SUFFIX, null);
        setError(`Entra ID sign-in failed: ${messageOf(error)}`);
      }
    },
    async resume() {
      const stored = options.credentials.get();
      const account = read(ACCOUNT_SUFFIX);
      if (sessionPassword !== null || !stored || stored.username !== ACR_REFRESH_TOKEN_USER || account === null) return;
      sessionPassword = stored.password;
      accountName = account;
      notify();
      scheduleRenewal(stored.password);
    },
    error: () => lastError,
    account: () => accountName,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      cancelRenewal();
      unsubscribe();
    },
  };
}
