import { createContext, useContext } from 'react';
import type { RegistryClient } from '../registry/client';
import type { IndexClient } from '../registry/index-client';
import type { NamingRules } from './naming-rules';

export interface RegistryContextValue {
  /** Display name of the registry from config. */
  name: string;
  client: RegistryClient;
  /** Root of every query key for this registry, so caches never mix registries. */
  url: string;
  /** Host used in pull commands, e.g. myregistry.azurecr.io. */
  loginServer: string;
  catalogPageSize: number;
  readOnly: boolean;
  demo: boolean;
  /** Team naming rules from config, checked by the audit. */
  namingRules?: NamingRules;
  /** regatta-index, when config names one. */
  index?: IndexClient;
}

export const RegistryContext = createContext<RegistryContextValue | null>(null);

export function useRegistry(): RegistryContextValue {
  const value = useContext(RegistryContext);
  if (!value) throw new Error('useRegistry must be used inside <RegistryContext.Provider>');
  return value;
}
