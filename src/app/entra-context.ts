import { createContext, useContext, useSyncExternalStore } from 'react';
import type { EntraSignIn } from './entra-sign-in';

/** The active registry's Entra ID sign-in; null when its config has no entra block. */
export const EntraContext = createContext<EntraSignIn | null>(null);

const NONE = () => () => undefined;
const NULL = () => null;

export function useEntraSignIn(): EntraSignIn | null {
  return useContext(EntraContext);
}

/** Why the last Entra sign-in or renewal failed, re-rendering when that changes. */
export function useEntraError(): string | null {
  const entra = useEntraSignIn();
  return useSyncExternalStore(entra?.subscribe ?? NONE, entra?.error ?? NULL, entra?.error ?? NULL);
}

/** The account signed in through Entra ID, re-rendering when that changes. */
export function useEntraAccount(): string | null {
  const entra = useEntraSignIn();
  return useSyncExternalStore(entra?.subscribe ?? NONE, entra?.account ?? NULL, entra?.account ?? NULL);
}
