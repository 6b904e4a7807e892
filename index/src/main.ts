// npm run index -- --storage /var/lib/registry --registry http://127.0.0.1:5000 [--port 5050]
import { startIndexService } from './index-service.ts';
import { parseServiceOptions, USAGE } from './service-options.ts';

let options;
try {
  options = parseServiceOptions(process.argv.slice(2), process.env);
} catch (error) {
  console.error(`${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
if (options.secret === null) console.warn('[index] no --secret: POST /events is disabled; only storage scans update the index');
const index = await startIndexService(options);
console.log(`[index] listening on ${index.url} (storage ${options.storage}, registry ${options.registry}, db ${options.db})`);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`[index] ${signal}: stopping`);
  index.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
