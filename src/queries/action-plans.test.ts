import {
  afterTagDelete,
  describeDrift,
  findDrift,
  planRemoveTag,
  removeStrategies,
  summarizeImpact,
  tagSchemaReferrers,
  type IndexRef,
  type RemoveTagPlanInput,
} from './action-plans';

const d = (c: string) => `sha256:${c.repeat(64).slice(0, 64)}`;

describe('planRemoveTag — which strategy for which registry answer and tag set', () => {
  const base: RemoveTagPlanInput = { tag: 'v1', siblings: ['also-v1'], tagDelete: 'unknown', deleteSupport: 'enabled' };
  it.each([
    ['shared tag, registry not asked yet', base, { kind: 'untag', strategies: ['delete-by-tag', 'throwaway'], imageBecomesUntagged: false, keptTags: ['also-v1'] }],
    ['shared tag, OCI 1.1 delete by tag known to work', { ...base, tagDelete: 'supported' as const }, { kind: 'untag', strategies: ['delete-by-tag', 'throwaway'] }],
    ['shared tag, distribution (400 DIGEST_INVALID seen)', { ...base, tagDelete: 'unsupported' as const }, { kind: 'untag', strategies: ['throwaway'] }],
    ['last tag, no choice yet', { ...base, siblings: [] }, { kind: 'choose' }],
    ['last tag, keep the image', { ...base, siblings: [], choice: 'keep-image' as const }, { kind: 'untag', imageBecomesUntagged: true, keptTags: [] }],
    ['last tag, delete the image', { ...base, siblings: [], choice: 'delete-image' as const }, { kind: 'delete-image' }],
    ['deletes disabled (405 UNSUPPORTED)', { ...base, deleteSupport: 'disabled' as const }, { kind: 'blocked' }],
    ['deletes disabled beats the last-tag choice', { ...base, siblings: [], deleteSupport: 'disabled' as const }, { kind: 'blocked' }],
    ['deletes unknown (401 on the probe): still offered, errors shown on use', { ...base, deleteSupport: 'unknown' as const }, { kind: 'untag' }],
  ])('%s', (_label, input, expected) => {
    expect(planRemoveTag(input)).toMatchObject(expected);
  });

  it('falls through to the throwaway only when the registry refuses delete by tag', () => {
    expect(afterTagDelete('deleted')).toBe('done');
    expect(afterTagDelete('not-found')).toBe('already-gone');
    expect(afterTagDelete('unsupported')).toBe('next');
    expect(removeStrategies('unsupported')).toEqual(['throwaway']);
  });
});

describe('summarizeImpact', () => {
  const tagsByDigest = new Map([
    [d('a'), ['v1', 'also-v1', 'latest']],
    [d('b'), ['v2']],
    [d('c'), ['v3', 'v3.0']],
  ]);

  it('remove tags: only the selected tags go; images losing their last tag are kept untagged', () => {
    const impact = summarizeImpact({
      mode: 'remove-tags',
      selected: [
        { tag: 'v1', digest: d('a') },
        { tag: 'v2', digest: d('b') },
      ],
      tagsByDigest,
    });
    expect(impact).toMatchObject({ tagsRemoved: ['v1', 'v2'], alsoRemoved: [], imagesDeleted: [], imagesUntagged: [d('b')], tagsKept: ['also-v1', 'latest'], needsTypedConfirmation: true });
  });

  it('delete images: every tag on a deleted digest goes, the unselected ones are named', () => {
    const impact = summarizeImpact({ mode: 'delete-images', selected: [{ tag: 'v1', digest: d('a') }], tagsByDigest });
    expect(impact).toMatchObject({ tagsRemoved: ['also-v1', 'latest', 'v1'], alsoRemoved: ['also-v1', 'latest'], imagesDeleted: [d('a')], tagsKept: [], needsTypedConfirmation: true });
  });

  it('a single tag on its own image needs no typed confirmation', () => {
    expect(summarizeImpact({ mode: 'delete-images', selected: [{ tag: 'v2', digest: d('b') }], tagsByDigest }).needsTypedConfirmation).toBe(false);
    expect(summarizeImpact({ mode: 'remove-tags', selected: [{ tag: 'v2', digest: d('b') }], tagsByDigest }).needsTypedConfirmation).toBe(false);
  });

  it('two selected tags of one image delete it once', () => {
    const impact = summarizeImpact({
      mode: 'delete-images',
      selected: [
        { tag: 'v3', digest: d('c') },
        { tag: 'v3.0', digest: d('c') },
      ],
      tagsByDigest,
    });
    expect(impact.imagesDeleted).toEqual([d('c')]);
    expect(impact.alsoRemoved).toEqual([]);
  });

  it('refuses an index child referenced by a tagged index, unless that index is deleted too (and then goes after it)', () => {
    const indexes: IndexRef[] = [{ digest: d('i'), tags: ['multi'], children: [d('b')] }];
    const byDigest = new Map([...tagsByDigest, [d('i'), ['multi']]]);
    const guarded = summarizeImpact({ mode: 'delete-images', selected: [{ tag: 'v2', digest: d('b') }], tagsByDigest: byDigest, indexes });
    expect(guarded.imagesDeleted).toEqual([]);
    expect(guarded.blocked).toEqual([{ digest: d('b'), reason: expect.stringContaining('multi') }]);
    expect(guarded.tagsKept).toEqual(['v2']);
    expect(guarded.tagsRemoved).toEqual([]);

    const both = summarizeImpact({
      mode: 'delete-images',
      selected: [
        { tag: 'v2', digest: d('b') },
        { tag: 'multi', digest: d('i') },
      ],
      tagsByDigest: byDigest,
      indexes,
    });
    expect(both.blocked).toEqual([]);
    expect(both.imagesDeleted).toEqual([d('i'), d('b')]);
  });
});

describe('findDrift — race safety', () => {
  const confirmed = new Map([
    ['v1', d('a')],
    ['also-v1', d('a')],
  ]);
  it('nothing changed → no drift; a confirmed tag already gone is no drift', () => {
    expect(findDrift(confirmed, new Map([['v1', d('a')], ['also-v1', d('a')]]))).toEqual([]);
    expect(findDrift(confirmed, new Map([['v1', null], ['also-v1', d('a')]]))).toEqual([]);
  });
  it('a confirmed tag moved → drift', () => {
    expect(findDrift(confirmed, new Map([['v1', d('z')], ['also-v1', d('a')]]))).toEqual([{ tag: 'v1', expected: d('a'), actual: d('z') }]);
  });
  it('a tag the user did not see now on a digest to delete → drift', () => {
    const drift = findDrift(confirmed, new Map([['v1', d('a')], ['also-v1', d('a')], ['new', d('a')]]), new Set([d('a')]));
    expect(drift).toEqual([{ tag: 'new', actual: d('a') }]);
    expect(describeDrift(drift)).toMatch(/Refused: .*tag new now also points at .* Nothing was changed/);
  });
});

describe('tagSchemaReferrers', () => {
  it('finds sha256-<hex> and sha256-<hex>.sig style tags of the digest only', () => {
    const digest = d('a');
    const prefix = digest.replace(':', '-');
    expect(tagSchemaReferrers(digest, ['v1', prefix, `${prefix}.sig`, `${prefix}.att`, d('b').replace(':', '-')])).toEqual([prefix, `${prefix}.att`, `${prefix}.sig`]);
  });
});
