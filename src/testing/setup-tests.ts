import '@testing-library/jest-dom/vitest';
import { configure } from '@testing-library/react';

// findBy*/waitFor wait for their condition; the default 1 s only holds on an idle machine. On two
// busy cores hashing, 300-tag tables and crawls take longer: give every wait room, not a race.
// (vite.config.ts raises testTimeout above this, so a wait fails with its own message first.)
configure({ asyncUtilTimeout: 30_000 });
