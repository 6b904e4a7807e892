import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import tailwindcss from '@tailwindcss/vite';
import { precompressPlugin } from './scripts/compress-plugin.ts';
import { routeChunkGroups } from './scripts/route-chunks.ts';

// REGISTRY_URL lets `npm run dev` proxy /v2/ (and ACR's /acr/v1/, /oauth2/) like nginx does in
// production; INDEX_URL proxies regatta-index's /index/v1/.
const registryUrl = process.env.REGISTRY_URL;
const indexUrl = process.env.INDEX_URL;

export default defineConfig({
  plugins: [react(), tailwindcss(), precompressPlugin()],
  server: {
    host: '127.0.0.1',
    proxy: registryUrl
      ? {
          '/v2/': { target: registryUrl, changeOrigin: true },
          '/acr/v1/': { target: registryUrl, changeOrigin: true },
          '/oauth2/': { target: registryUrl, changeOrigin: true },
          ...(indexUrl ? { '/index/v1/': { target: indexUrl, changeOrigin: true } } : {}),
        }
      : undefined,
  },
  build: {
    target: 'es2022',
    sourcemap: true,
    rolldownOptions: { output: { codeSplitting: { groups: routeChunkGroups() } } },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/testing/setup-tests.ts'],
    include: ['src/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts', 'index/**/*.test.ts'],
    css: false,
    // CI has two cores shared with the build: component tests of virtualized tables need headroom.
    // Above the 30 s findBy/waitFor timeout (src/testing/setup-tests.ts) so a wait reports first.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
