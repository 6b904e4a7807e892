import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import importPlugin from 'eslint-plugin-import';
import globals from 'globals';

const features = ['catalog', 'repository', 'manifest', 'actions', 'orphans', 'cleanup', 'audit', 'connect', 'layers', 'goto'];

// The layering from STYLE.md: registry ← queries ← features ← app.
const layerZones = [
  { target: './src/registry', from: ['./src/queries', './src/features', './src/app', './src/components', './src/config'], message: 'src/registry is the pure client: it imports nothing from the UI layers.' },
  { target: './src/queries', from: ['./src/features', './src/app', './src/components'], message: 'queries/ sits below features/ and app/.' },
  { target: './src/components', from: ['./src/features', './src/app'], message: 'components/ui are primitives: no features, no app.' },
  { target: './src/features', from: './src/app', message: 'features/ may not import app/.' },
  ...features.map((name) => ({
    target: `./src/features/${name}`,
    from: './src/features',
    except: [`./${name}`],
    message: 'Features do not import each other: move shared code to queries/ or components/ui/.',
  })),
];

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'public/mockServiceWorker.js', 'test-results', 'playwright-report', 'e2e/.rig', 'bench/.rig'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Plain scripts served as they are (public/theme-init.js runs in the page before the app).
  { files: ['public/**/*.js'], languageOptions: { globals: globals.browser, sourceType: 'script' } },
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'react-hooks': reactHooks, import: importPlugin },
    settings: { 'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js'] } } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import/no-restricted-paths': ['error', { zones: layerZones }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-globals': ['error', { name: 'localStorage', message: 'Credentials and registry data never go to localStorage.' }],
    },
  },
  {
    // Component tests of a feature render it the way app/ does, through app/render-with-providers.
    files: ['src/features/**/*.test.{ts,tsx}'],
    rules: {
      'import/no-restricted-paths': [
        'error',
        { zones: layerZones.map((zone) => (zone.target === './src/features' && zone.from === './src/app' ? { ...zone, except: ['./render-with-providers.tsx'] } : zone)) },
      ],
    },
  },
  {
    files: ['src/registry/**/*.ts'],
    ignores: ['src/registry/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['react', 'react-*', '@tanstack/*', 'msw', 'msw/*'], message: 'src/registry knows nothing of React, TanStack Query or MSW.' }] }],
      'no-restricted-globals': ['error', { name: 'window', message: 'src/registry runs outside the browser too: take what you need as a parameter.' }, { name: 'localStorage', message: 'Never store registry data or credentials in localStorage.' }],
    },
  },
);
