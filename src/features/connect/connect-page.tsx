import { useRegistry } from '../../queries/registry-context';
import { CommandBlock } from './command-block';
import { dockerLoginCommand } from './connect-snippets';
import { ImageAddressSection } from './image-address-section';
import { SourceClientSection } from './source-client-section';
import { StorageSection } from './storage-section';
import { PageTitle } from '../../components/ui/page-title';

/** /connect: how to reach this registry from the Docker CLI (after the ACR docs' "connect" steps). */
export function ConnectPage() {
  const registry = useRegistry();
  const { loginServer } = registry;
  return (
    <section className="flex max-w-3xl flex-col gap-6">
      <header>
        <PageTitle>{`Connect to ${registry.name}`}</PageTitle>
        <h1 className="text-xl font-semibold">Connect to {registry.name}</h1>
        <p className="text-sm text-slate-600">
          Login server <span className="font-mono text-slate-900">{loginServer}</span>
        </p>
      </header>

      <section aria-labelledby="connect-login" className="flex flex-col gap-2">
        <h2 id="connect-login" className="font-semibold">
          Sign in with Docker
        </h2>
        <p className="text-sm text-slate-700">
          Docker asks for a username and a password; a token (for example a repository-scoped token) goes in the password prompt.
          Non-interactively, pipe it: <span className="font-mono">… | docker login {loginServer} -u &lt;user&gt; --password-stdin</span>.
        </p>
        <CommandBlock label="docker login command" text={dockerLoginCommand(loginServer)} />
      </section>

      <ImageAddressSection loginServer={loginServer} />
      <SourceClientSection loginServer={loginServer} />
      <StorageSection />
    </section>
  );
}
