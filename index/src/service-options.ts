// The command line of `npm run index`, validated once where it enters.
import { parseArgs } from 'node:util';
import { z } from 'zod';

export const serviceOptions = z.object({
  storage: z.string().min(1, '--storage: the registry storage root (filesystem rootdirectory) is required'),
  registry: z.url('--registry: the registry URL, e.g. http://127.0.0.1:5000'),
  host: z.string().default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(5050),
  db: z.string().default('regatta-index.db'),
  secret: z.string().min(16, '--secret (or REGATTA_INDEX_SECRET): at least 16 characters').nullable().default(null),
  reconcileSeconds: z.coerce.number().min(1).default(300),
  authCacheSeconds: z.coerce.number().min(0).default(30),
  accessChecks: z.enum(['auto', 'per-repository'], { error: '--access-checks: auto or per-repository' }).default('auto'),
});

export type ServiceOptions = z.infer<typeof serviceOptions>;

export const USAGE = `npm run index -- --storage <dir> --registry <url> [--port 5050] [--host 127.0.0.1]
  [--db regatta-index.db] [--secret <shared secret>] [--reconcile-seconds 300] [--auth-cache-seconds 30]
  [--access-checks auto|per-repository]
The secret may come from REGATTA_INDEX_SECRET instead (kept out of the process list).`;

export function parseServiceOptions(argv: string[], env: NodeJS.ProcessEnv): ServiceOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      storage: { type: 'string' },
      registry: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      db: { type: 'string' },
      secret: { type: 'string' },
      'reconcile-seconds': { type: 'string' },
      'auth-cache-seconds': { type: 'string' },
      'access-checks': { type: 'string' },
    },
    strict: true,
  });
  const parsed = serviceOptions.safeParse({
    storage: values.storage ?? '',
    registry: values.registry,
    host: values.host,
    port: values.port,
    db: values.db,
    secret: values.secret ?? env.REGATTA_INDEX_SECRET ?? null,
    reconcileSeconds: values['reconcile-seconds'],
    authCacheSeconds: values['auth-cache-seconds'],
    accessChecks: values['access-checks'],
  });
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join('\n'));
  return parsed.data;
}
