import type { Credentials } from '../registry/types';

export type SessionStorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface CredentialsStore {
  get(): Credentials | null;
  /** Whether the current credentials survive a reload of this tab (sessionStorage). */
  isRemembered(): boolean;
  /** When the credentials were last set or cleared (ms, Date.now); 0 before that. 401s older than this were answered. */
  changedAt(): number;
  set(credentials: Credentials, options?: { remember?: boolean }): void;
  clear(): void;
  /**
   * Whether this registry has asked for credentials (answered 401) since the page loaded. Kept
   * per registry, like the credentials: "Sign in" is offered only where it means something.
   */
  challenged(): boolean;
  markChallenged(): void;
  subscribe(listener: () => void): () => void;
}

export interface CredentialsStoreOptions {
  /** sessionStorage key; one per registry so credentials never cross registries. */
  key?: string;
  /** Defaults to window.sessionStorage. Never localStorage: credentials must die with the tab. */
  storage?: SessionStorageLike | null;
}

function defaultStorage(): SessionStorageLike | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    // Access throws a SecurityError when storage is disabled; memory-only then.
    return null;
  }
}

function parseStored(raw: string | null): Credentials | null {
  if (!raw) return null;
  try {
    const value: unknown = JSON.parse(raw);
    if (
      typeof value === 'object' &&
      value !== null &&
      typeof (value as Credentials).username === 'string' &&
      typeof (value as Credentials).password === 'string'
    ) {
      return { username: (value as Credentials).username, password: (value as Credentials).password };
    }
  } catch {
    // fall through: a corrupt entry is dropped below
  }
  return null;
}

/** Credentials live in memory; "Remember for this tab" also keeps them in sessionStorage. */
export function createCredentialsStore(options: CredentialsStoreOptions = {}): CredentialsStore {
  const key = options.key ?? 'regatta.credentials';
  const storage = options.storage === undefined ? defaultStorage() : options.storage;
  const listeners = new Set<() => void>();

  function read(): string | null {
    try {
      return storage?.getItem(key) ?? null;
    } catch {
      return null;
    }
  }
  function write(value: string | null) {
    try {
      if (value === null) storage?.removeItem(key);
      else storage?.setItem(key, value);
    } catch {
      // Quota or privacy mode: the credentials still work for this page's lifetime.
    }
  }

  let current = parseStored(read());
  let remembered = current !== null;
  let changedAt = 0;
  let challenged = false;
  if (!current) write(null);

  const notify = () => listeners.forEach((listener) => listener());

  return {
    get: () => current,
    isRemembered: () => remembered,
    changedAt: () => changedAt,
    set(credentials, { remember = false } = {}) {
      current = { username: credentials.username, password: credentials.password };
      remembered = remember && storage !== null;
      write(remember ? JSON.stringify(current) : null);
      changedAt = Date.now();
      notify();
    },
    clear() {
      current = null;
      remembered = false;
      write(null);
      changedAt = Date.now();
      notify();
    },
    challenged: () => challenged,
    markChallenged() {
      if (challenged) return;
      challenged = true;
      notify();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
