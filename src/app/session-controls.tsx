import { useQueryClient } from '@tanstack/react-query';
import { useRegistry } from '../queries/registry-context';
import { useAuthUi } from './auth-ui-state';
import { useCredentials, useCredentialsStore } from './credentials-context';
import { useEntraAccount } from './entra-context';
import { useSignInPanelState } from './sign-in-panel';

/** Header controls: who is signed in, Sign out (credentials and cached registry data go), Sign in. */
export function SessionControls() {
  const queryClient = useQueryClient();
  const store = useCredentialsStore();
  const credentials = useCredentials();
  const { url } = useRegistry();
  const { setRequested } = useAuthUi();
  const { visible: signInVisible, challenged } = useSignInPanelState();
  // An Entra session's credentials are ACR's refresh-token user (a GUID of zeros): name the account instead.
  const entraAccount = useEntraAccount();
  const buttonClass = 'rounded border border-slate-300 bg-surface px-2 py-0.5 text-xs text-slate-800 hover:bg-slate-100 focus-visible:outline-2';

  if (credentials) {
    return (
      <div className="flex items-center gap-2 text-xs text-slate-600">
        <span>
          Signed in as <span className="font-mono text-slate-900">{entraAccount ?? credentials.username}</span>
        </span>
        <button
          type="button"
          className={buttonClass}
          onClick={() => {
            // Clearing the store also makes the registry's client forget its tokens (registry-entries),
            // and ends an Entra session with MSAL's cache (entra-sign-in.ts).
            store.clear();
            // Data fetched with the credentials must not outlive them: drop what nobody shows,
            // reset (and so refetch anonymously) what is on screen. Only this registry's: another
            // registry's session and cache are untouched.
            const registryKey = ['registry', url];
            queryClient.removeQueries({ queryKey: registryKey, type: 'inactive' });
            const mutations = queryClient.getMutationCache();
            for (const mutation of mutations.findAll({ mutationKey: registryKey })) mutations.remove(mutation);
            void queryClient.resetQueries({ queryKey: registryKey });
          }}
        >
          Sign out
        </button>
      </div>
    );
  }
  // While the form is on screen its own "Sign in" button is the one to use. A registry that never
  // asked for credentials (anonymous, the demo) gets no button: signing in would mean nothing.
  if (signInVisible || !challenged) return null;
  return (
    <button type="button" className={buttonClass} onClick={() => setRequested(true)}>
      Sign in
    </button>
  );
}
