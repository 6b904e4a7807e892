import { createContext, useContext, useSyncExternalStore } from 'react';
import type { Credentials } from '../registry/types';
import type { CredentialsStore } from './credentials-store';

export const CredentialsContext = createContext<CredentialsStore | null>(null);

export function useCredentialsStore(): CredentialsStore {
  const store = useContext(CredentialsContext);
  if (!store) throw new Error('useCredentialsStore must be used inside <CredentialsContext.Provider>');
  return store;
}

/** When the credentials last changed (see CredentialsStore.changedAt), re-rendering on change. */
export function useCredentialsChangedAt(): number {
  const store = useCredentialsStore();
  return useSyncExternalStore(store.subscribe, store.changedAt, store.changedAt);
}

/** The signed-in credentials, re-rendering on sign-in and sign-out. */
export function useCredentials(): Credentials | null {
  const store = useCredentialsStore();
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}

/** Whether this registry has answered 401 since the page loaded (see CredentialsStore.challenged). */
export function useChallenged(): boolean {
  const store = useCredentialsStore();
  return useSyncExternalStore(store.subscribe, store.challenged, store.challenged);
}
