import { screen } from '@testing-library/react';
import { createRegistryClient } from '../registry/client';
import { EntraContext } from './entra-context';
import type { EntraSignIn } from './entra-sign-in';
import { renderWithProviders } from './render-with-providers';
import { SignInPanel } from './sign-in-panel';

function fakeEntra(error: string | null) {
  const calls: string[] = [];
  const entra: EntraSignIn = {
    config: { clientId: 'spa', tenantId: 'contoso' },
    signIn: async () => void calls.push('signIn'),
    completeRedirect: async () => undefined,
    resume: async () => undefined,
    error: () => error,
    account: () => null,
    subscribe: () => () => undefined,
    dispose: () => undefined,
  };
  return { entra, calls };
}

const client = createRegistryClient({ baseUrl: 'http://registry.test', fetch: () => Promise.reject(new Error('no request expected')) });

describe('the sign-in panel with an entra block', () => {
  it('shows why the last Entra sign-in failed, beside the username form, and starts another', async () => {
    const { entra, calls } = fakeEntra('Entra ID sign-in failed: 401 UNAUTHORIZED: the AAD access token was refused: expired');
    const { user } = renderWithProviders(
      <EntraContext.Provider value={entra}>
        <SignInPanel />
      </EntraContext.Provider>,
      { registry: { client, name: 'acr' } },
    );
    const region = await screen.findByRole('region', { name: 'Entra ID sign-in to acr' });
    expect(region).toHaveTextContent('the AAD access token was refused: expired');
    // Username and password stay.
    expect(screen.getByRole('form', { name: 'Sign in to acr' })).toBeVisible();
    await user.click(screen.getByRole('button', { name: 'Sign in with Microsoft Entra ID' }));
    expect(calls).toEqual(['signIn']);
  });

});
