import { createContext, useContext } from 'react';

/** Whether the user asked for the sign-in form (header button) without a 401 having happened. */
export interface AuthUiState {
  requested: boolean;
  setRequested: (requested: boolean) => void;
}

export const AuthUiContext = createContext<AuthUiState | null>(null);

export function useAuthUi(): AuthUiState {
  const value = useContext(AuthUiContext);
  if (!value) throw new Error('useAuthUi must be used inside <AppProviders>');
  return value;
}
