import { lazy, Suspense, useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useRegistry } from '../queries/registry-context';
import { useAuthUi } from './auth-ui-state';
import { useChallenged, useCredentials, useCredentialsChangedAt, useCredentialsStore } from './credentials-context';
import { useEntraError, useEntraSignIn } from './entra-context';
import { EntraSignInButton } from './entra-sign-in-button';
import { useLatestUnauthorizedAt } from './use-unauthorized';

// Most visits never need it (anonymous registries, remembered credentials): after the first paint.
const SignInForm = lazy(() => import('./sign-in-form').then((m) => ({ default: m.SignInForm })));

/**
 * The sign-in form shows after a 401 newer than the last sign-in, or when asked for. `challenged`:
 * the registry has asked for credentials at all (a 401 seen, even one answered since), which is
 * what makes a "Sign in" button worth showing; an anonymous registry (the demo) never asks.
 */
export function useSignInPanelState() {
  const { requested } = useAuthUi();
  const { url } = useRegistry();
  const store = useCredentialsStore();
  // Kept by the registry's credentials store, so it survives switching registries and back.
  const changedAt = useCredentialsChangedAt();
  const latest401 = useLatestUnauthorizedAt(url);
  const unanswered401 = latest401 > changedAt;
  // A 401 stops being "latest" once signing in fixes it; the store remembers that it happened.
  useEffect(() => {
    if (latest401 > 0) store.markChallenged();
  }, [latest401, store]);
  const challenged = useChallenged() || latest401 > 0;
  // A failed Entra sign-in says why even before the registry asks again.
  const entraError = useEntraError();
  return { visible: requested || unanswered401 || entraError !== null, unanswered401, challenged };
}

/**
 * The one sign-in form of the page: appears when any query or mutation got a 401 after the last
 * sign-in (or when asked for from the header), stores the credentials and refetches.
 */
export function SignInPanel() {
  const registry = useRegistry();
  const queryClient = useQueryClient();
  const store = useCredentialsStore();
  const credentials = useCredentials();
  const { requested, setRequested } = useAuthUi();
  const { visible, unanswered401 } = useSignInPanelState();
  const entra = useEntraSignIn();
  const entraError = useEntraError();
  if (!visible) return null;

  return (
    <Suspense fallback={null}>
      {entra && <EntraSignInButton entra={entra} registryName={registry.name} error={entraError} />}
      <SignInForm
        registryName={registry.name}
        rejected={unanswered401 && credentials !== null}
        asked={unanswered401}
        onCancel={requested && !unanswered401 ? () => setRequested(false) : undefined}
        onSubmit={({ username, password, remember }) => {
          store.set({ username, password }, { remember });
          setRequested(false);
          // Only this registry's data: another registry's cache belongs to its own session. A
          // request still out was sent with the old credentials, and invalidating alone would wait
          // for its answer (a first fetch is shared, not restarted): cancel it, then read again.
          const ofThisRegistry = { queryKey: ['registry', registry.url] };
          void queryClient.cancelQueries(ofThisRegistry).then(() => queryClient.invalidateQueries(ofThisRegistry));
        }}
      />
    </Suspense>
  );
}
