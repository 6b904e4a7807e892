// @vitest-environment node
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { migrate, SCHEMA_VERSION } from './migrations.ts';
import { openIndexDb } from './open-db.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'regatta-index-migrations-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

it('migrates a new database to the current schema once and keeps its rows on reopen', () => {
  const path = join(dir, 'index.db');
  const db = openIndexDb(path);
  expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
  db.prepare('INSERT INTO processed_events (id, processed_at) VALUES (?, ?)').run('e1', 1);
  db.close();
  const again = new Database(path);
  expect(migrate(again)).toBe(SCHEMA_VERSION);
  expect(again.prepare('SELECT count(*) FROM processed_events').pluck().get()).toBe(1);
  again.close();
});

it('refuses a database written by a newer schema', () => {
  const db = new Database(join(dir, 'newer.db'));
  db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
  expect(() => migrate(db)).toThrow(/newer than this build/);
  db.close();
});
