import { useQueryClient } from '@tanstack/react-query';
import { useRegistry } from '../queries/registry-context';
import { useAuthUi } from './auth-ui-state';
import { useCredentials, useCredentialsStore } from './credentials-context';
import { SignInForm } from './sign-in-form';
import { useLatestUnauthorizedAt } from './use-unauthorized';

/** The sign-in form shows after a 401 newer than the last sign-in, or when asked for. */
export function useSignInPanelState() {
  const { requested, submittedAt } = useAuthUi();
  const unanswered401 = useLatestUnauthorizedAt() > submittedAt;
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
  const { requested, setRequested, setSubmittedAt } = useAuthUi();
  const { visible, unanswered401 } = useSignInPanelState();
  if (!visible) return null;

  return (
    <SignInForm
      registryName={registry.name}
      rejected={unanswered401 && credentials !== null}
      onCancel={requested && !unanswered401 ? () => setRequested(false) : undefined}
      onSubmit={({ username, password, remember }) => {
        store.set({ username, password }, { remember });
        setSubmittedAt(Date.now());
        setRequested(false);
        void queryClient.invalidateQueries();
      }}
    />
  );
}
