import { useQueryClient } from '@tanstack/react-query';
import { useRegistry } from '../queries/registry-context';
import { useAuthUi } from './auth-ui-state';
import { useCredentials, useCredentialsChangedAt, useCredentialsStore } from './credentials-context';
import { SignInForm } from './sign-in-form';
import { useLatestUnauthorizedAt } from './use-unauthorized';

/** The sign-in form shows after a 401 newer than the last sign-in, or when asked for. */
export function useSignInPanelState() {
  const { requested } = useAuthUi();
  const { url } = useRegistry();
  // Kept by the registry's credentials store, so it survives switching registries and back.
  const changedAt = useCredentialsChangedAt();
  const unanswered401 = useLatestUnauthorizedAt(url) > changedAt;
  return { visible: requested || unanswered401, unanswered401 };
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
  if (!visible) return null;

  return (
    <SignInForm
      registryName={registry.name}
      rejected={unanswered401 && credentials !== null}
      onCancel={requested && !unanswered401 ? () => setRequested(false) : undefined}
      onSubmit={({ username, password, remember }) => {
        store.set({ username, password }, { remember });
        setRequested(false);
        // Only this registry's data: another registry's cache belongs to its own session.
        void queryClient.invalidateQueries({ queryKey: ['registry', registry.url] });
      }}
    />
  );
}
