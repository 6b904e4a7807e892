import { useState } from 'react';
import { buttonVariants } from '../components/ui/button';
import type { EntraSignIn } from './entra-sign-in';

interface EntraSignInButtonProps {
  entra: EntraSignIn;
  registryName: string;
  /** Why the last Entra sign-in failed, if it did. */
  error: string | null;
}

/** "Sign in with Microsoft Entra ID": leaves for the identity provider, which redirects back here. */
export function EntraSignInButton({ entra, registryName, error }: EntraSignInButtonProps) {
  const [leaving, setLeaving] = useState(false);
  return (
    <section aria-label={`Entra ID sign-in to ${registryName}`} className="flex flex-wrap items-center gap-3 rounded-md border border-sky-300 bg-sky-50 p-3 text-sm">
      <button
        type="button"
        className={buttonVariants({ variant: 'primary' })}
        disabled={leaving}
        onClick={() => {
          setLeaving(true);
          void entra.signIn().finally(() => setLeaving(false));
        }}
      >
        Sign in with Microsoft Entra ID
      </button>
      {error && (
        <p role="alert" className="text-red-800">
          {error}
        </p>
      )}
    </section>
  );
}
