import { useId, useState, type FormEvent } from 'react';
import { buttonVariants } from '../components/ui/button';

interface SignInFormProps {
  registryName: string;
  /** Shown when the registry rejected credentials already given. */
  rejected: boolean;
  /** A 401 is waiting for these credentials (not just the header's "Sign in"). */
  asked?: boolean;
  onSubmit: (values: { username: string; password: string; remember: boolean }) => void;
  onCancel?: () => void;
}

export function SignInForm({ registryName, rejected, asked = true, onSubmit, onCancel }: SignInFormProps) {
  const id = useId();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [remember, setRemember] = useState(false);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onSubmit({ username: username.trim(), password, remember });
    setPassword('');
  }

  const inputClass =
    'w-48 rounded border border-slate-300 bg-surface px-2 py-1 text-sm focus-visible:outline-2 focus-visible:outline-focus';

  return (
    <form
      aria-labelledby={`${id}-title`}
      onSubmit={submit}
      className="flex flex-wrap items-end gap-3 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm"
    >
      <div className="basis-full">
        <h2 id={`${id}-title`} className="font-semibold text-amber-950">
          Sign in to {registryName}
        </h2>
        <p className="text-amber-900">
          {rejected
            ? 'The registry rejected these credentials. Check the username and password.'
            : asked
              ? 'The registry asks for credentials. They stay in this tab’s memory.'
              : 'Credentials stay in this tab’s memory.'}
        </p>
      </div>
      <label className="flex flex-col gap-1">
        <span>Username</span>
        <input
          className={inputClass}
          name="username"
          autoComplete="username"
          required
          value={username}
          onChange={(event) => setUsername(event.target.value)}
        />
      </label>
      <label className="flex flex-col gap-1">
        <span>Password</span>
        <input
          className={inputClass}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
      </label>
      <label className="flex items-center gap-2 py-1">
        <input type="checkbox" checked={remember} onChange={(event) => setRemember(event.target.checked)} />
        <span>Remember for this tab</span>
      </label>
      <button type="submit" className={buttonVariants({ variant: 'primary' })}>
        Sign in
      </button>
      {onCancel && (
        <button type="button" onClick={onCancel} className="rounded px-3 py-1 text-slate-700 hover:bg-amber-100 focus-visible:outline-2">
          Cancel
        </button>
      )}
    </form>
  );
}
