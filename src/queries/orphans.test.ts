import { describe, expect, it } from 'vitest';
import type { ManifestFacts } from './manifest-facts';
import { classifyCandidates, keptClosure } from './orphans';

const d = (c: string) => `sha256:${c.repeat(64)}`;
const image = (digest: string, subject?: string): ManifestFacts => ({ digest, kind: 'image', blobs: [], children: [], subject });
const index = (digest: string, children: string[]): ManifestFacts => ({ digest, kind: 'index', blobs: [], children });
const factsOf = (...list: ManifestFacts[]) => new Map(list.map((f) => [f.digest, f]));

describe('orphan classification', () => {
  it('an untagged image nothing needs is an orphan', () => {
    const facts = factsOf(image(d('a')), image(d('b')));
    expect(classifyCandidates({ candidates: [d('b')], tagged: [d('a')], facts })).toEqual([{ digest: d('b'), verdict: 'orphan' }]);
  });

  it('platform manifests of a tagged index are not orphans', () => {
    const facts = factsOf(index(d('i'), [d('1'), d('2')]), image(d('1')), image(d('2')));
    expect(classifyCandidates({ candidates: [d('1'), d('2')], tagged: [d('i')], facts })).toEqual([
      { digest: d('1'), verdict: 'index-child', parent: d('i') },
      { digest: d('2'), verdict: 'index-child', parent: d('i') },
    ]);
  });

  it('referrers of a tagged manifest (and of its platforms) are not orphans', () => {
    const facts = factsOf(index(d('i'), [d('1')]), image(d('1')), image(d('s'), d('i')), image(d('t'), d('1')), image(d('u'), d('s')));
    const verdicts = classifyCandidates({ candidates: [d('s'), d('t'), d('u')], tagged: [d('i')], facts });
    expect(verdicts.map((v) => [v.digest, v.verdict])).toEqual([
      [d('s'), 'referrer'],
      [d('t'), 'referrer'],
      [d('u'), 'referrer'],
    ]);
  });

  it('a referrer of an orphan is an orphan too', () => {
    const facts = factsOf(image(d('a')), image(d('o')), image(d('s'), d('o')));
    const verdicts = classifyCandidates({ candidates: [d('o'), d('s')], tagged: [d('a')], facts });
    expect(verdicts.map((v) => v.verdict)).toEqual(['orphan', 'orphan']);
  });

  it('platforms of an orphaned index are orphans that name their index', () => {
    const facts = factsOf(image(d('a')), index(d('i'), [d('1')]), image(d('1')));
    expect(classifyCandidates({ candidates: [d('i'), d('1')], tagged: [d('a')], facts })).toEqual([
      { digest: d('i'), verdict: 'orphan' },
      { digest: d('1'), verdict: 'orphan', parent: d('i') },
    ]);
  });

  it('a platform listed by both an orphaned and a tagged index is kept', () => {
    const facts = factsOf(index(d('i'), [d('1')]), index(d('j'), [d('1')]), image(d('1')));
    const verdicts = classifyCandidates({ candidates: [d('j'), d('1')], tagged: [d('i')], facts });
    expect(verdicts).toEqual([
      { digest: d('j'), verdict: 'orphan' },
      { digest: d('1'), verdict: 'index-child', parent: d('i') },
    ]);
    expect(keptClosure([d('i')], facts)).toEqual(new Set([d('i'), d('1')]));
  });
});
