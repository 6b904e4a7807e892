import { useMemo, useState, type ReactNode } from 'react';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { ToastProvider } from '../components/ui/toast';
import { RegistryContext, type RegistryContextValue } from '../queries/registry-context';
import { AuthUiContext, type AuthUiState } from './auth-ui-state';
import { CredentialsContext } from './credentials-context';
import type { CredentialsStore } from './credentials-store';
import { EntraContext } from './entra-context';
import type { EntraSignIn } from './entra-sign-in';

interface AppProvidersProps {
  queryClient: QueryClient;
  registry: RegistryContextValue;
  credentials: CredentialsStore;
  /** The registry's Entra ID sign-in, when configured. */
  entra?: EntraSignIn;
  children: ReactNode;
}

/** Everything a page needs above the router: server state, the active registry and its session. */
export function AppProviders({ queryClient, registry, credentials, entra, children }: AppProvidersProps) {
  const [requested, setRequested] = useState(false);
  const authUi = useMemo<AuthUiState>(() => ({ requested, setRequested }), [requested]);
  return (
    <QueryClientProvider client={queryClient}>
      <CredentialsContext.Provider value={credentials}>
        <RegistryContext.Provider value={registry}>
          <AuthUiContext.Provider value={authUi}>
            <EntraContext.Provider value={entra ?? null}>
              <ToastProvider>{children}</ToastProvider>
            </EntraContext.Provider>
          </AuthUiContext.Provider>
        </RegistryContext.Provider>
      </CredentialsContext.Provider>
    </QueryClientProvider>
  );
}
