import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { pushImage } from '../testing/fake-images';
import { setupAcrTestRegistry } from '../testing/test-server';
import { evaluateCleanup } from './cleanup-rules';
import { runOperations } from './cleanup-run';
import { scanRepositories } from './inventory-scan';

const { fake, baseUrl, client, api } = setupAcrTestRegistry('http://myregistry.test');

async function seed() {
  const v1 = await pushImage(fake, 'team/app', { tags: ['v1'], seed: 'one' });
  const v2 = await pushImage(fake, 'team/app', { tags: ['v2', 'latest'], seed: 'two' });
  await pushImage(fake, 'team/app', { tags: ['v1'], seed: 'one-again' });
  const loose = await pushImage(fake, 'team/app', { tags: [], seed: 'by-digest' });
  return { v1, v2, loose };
}

describe('scan, plan and run on the ACR-shaped fake', () => {
  it('a locked manifest is never in a delete plan, and the delete action says why', async () => {
    const { v1, loose } = await seed();
    await api.updateManifestAttributes('team/app', loose.digest, { deleteEnabled: false, writeEnabled: false });
    const ctx = { client, url: baseUrl, queryClient: new QueryClient(), acr: api };
    const [inventory] = await scanRepositories(ctx, ['team/app']);
    expect(inventory?.source).toBe('acr');
    expect(inventory?.verdicts.map((v) => v.digest).sort()).toEqual([v1.digest, loose.digest].sort());

    const input = {
      name: 'team/app',
      tags: inventory!.tags.map((t) => ({ name: t.name, digest: t.digest, time: t.time, locked: t.locked })),
      manifests: [...inventory!.manifests.values()].map((m) => ({ digest: m.digest, time: m.lastUpdateTime, locked: m.locked, protected: false })),
    };
    const plan = evaluateCleanup({ repository: '', tag: 'nothing', olderThanDays: null, keepNewest: 0, includeUntagged: true, skipLocked: true }, [input], Date.now());
    expect(plan.repositories[0]?.imagesDeleted.map((i) => i.digest)).toEqual([v1.digest]);
    expect(plan.repositories[0]?.skipped).toMatchObject([{ digest: loose.digest, reason: 'locked' }]);

    // Even if asked directly, the registry refuses and the result says it is locked.
    const results = await runOperations({ client, url: baseUrl, acr: api }, [{ repository: 'team/app', kind: 'delete', digest: loose.digest, tags: [] }]);
    expect(results[0]).toMatchObject({ status: 'skipped-locked' });
    expect(results[0]?.message).toMatch(/Locked/);
    expect(fake.getManifest('team/app', loose.digest)).toBeDefined();
  });

  it('removes a single tag through the ACR API (the image stays)', async () => {
    const { v2 } = await seed();
    const results = await runOperations({ client, url: baseUrl, acr: api }, [{ repository: 'team/app', kind: 'untag', tag: 'latest', digest: v2.digest, tags: ['latest'] }]);
    expect(results[0]?.status).toBe('done');
    expect(fake.tagsOf('team/app', v2.digest)).toEqual(['v2']);
  });
});
