import { createContext, useContext } from 'react';

export interface RegistryChoice {
  name: string;
  loginServer: string;
}

/** Every configured registry and how to switch to another (provided by <App>; absent in component tests). */
export interface RegistriesState {
  registries: RegistryChoice[];
  activeIndex: number;
  switchTo: (index: number) => void;
}

export const RegistriesContext = createContext<RegistriesState | null>(null);

export function useRegistries(): RegistriesState | null {
  return useContext(RegistriesContext);
}
