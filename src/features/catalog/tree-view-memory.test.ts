import { recallTreeView, rememberTreeView, REMEMBERED_VIEWS } from './tree-view-memory';

const view = (scrollTop: number) => ({ expanded: ['a'], folded: { filter: '', paths: [] }, scrollTop });

describe('tree view memory', () => {
  it('gives back the view of a history entry, the latest write winning', () => {
    rememberTreeView('k1', view(10));
    rememberTreeView('k1', view(20));
    expect(recallTreeView('k1')).toEqual(view(20));
    expect(recallTreeView('unknown')).toBeUndefined();
  });

  it('forgets the least recently written entries beyond the limit', () => {
    rememberTreeView('first', view(1));
    for (let i = 0; i < REMEMBERED_VIEWS; i++) rememberTreeView(`other-${i}`, view(i));
    expect(recallTreeView('first')).toBeUndefined();
    expect(recallTreeView(`other-${REMEMBERED_VIEWS - 1}`)).toEqual(view(REMEMBERED_VIEWS - 1));
  });
});
