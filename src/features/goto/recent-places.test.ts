import { describe, expect, it } from 'vitest';
import { addRecent, loadRecent, placeFromPath, saveRecent, type Place } from './recent-places';

describe('recent places', () => {
  it('reads repository and manifest paths, nothing else', () => {
    expect(placeFromPath('/r/team/app')).toEqual({ kind: 'repository', name: 'team/app', path: '/r/team/app' });
    expect(placeFromPath('/r/team/app/-/manifest/v1')).toEqual({ kind: 'manifest', name: 'team/app', reference: 'v1', path: '/r/team/app/-/manifest/v1' });
    expect(placeFromPath('/r/team/app/-/orphans')).toEqual({ kind: 'repository', name: 'team/app', path: '/r/team/app' });
    expect(placeFromPath('/audit')).toBeNull();
    expect(placeFromPath('/r/')).toBeNull();
  });

  it('keeps the newest first, once, within the limit', () => {
    const place = (name: string): Place => ({ kind: 'repository', name, path: `/r/${name}` });
    let list: Place[] = [];
    for (const name of ['a', 'b', 'c', 'a']) list = addRecent(list, place(name), 3);
    expect(list.map((entry) => entry.name)).toEqual(['a', 'c', 'b']);
    list = addRecent(list, place('d'), 3);
    expect(list.map((entry) => entry.name)).toEqual(['d', 'a', 'c']);
  });

  it('stores per registry and ignores what it cannot read', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (key: string) => store.get(key) ?? null, setItem: (key: string, value: string) => void store.set(key, value) };
    const places: Place[] = [{ kind: 'repository', name: 'a', path: '/r/a' }];
    saveRecent(storage, 'one', places);
    expect(loadRecent(storage, 'one')).toEqual(places);
    expect(loadRecent(storage, 'two')).toEqual([]);
    store.set('regatta-recent:bad', '{not json');
    expect(loadRecent(storage, 'bad')).toEqual([]);
    store.set('regatta-recent:odd', JSON.stringify([{ kind: 'x' }, places[0]]));
    expect(loadRecent(storage, 'odd')).toEqual(places);
  });
});
