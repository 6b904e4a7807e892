import { createCredentialsStore } from './credentials-store';

function memoryStorage() {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    removeItem: (key: string) => void map.delete(key),
  };
}

describe('createCredentialsStore', () => {
  it('keeps credentials in memory only unless remembered', () => {
    const storage = memoryStorage();
    const store = createCredentialsStore({ key: 'k', storage });
    store.set({ username: 'alice', password: 's3cret' });
    expect(store.get()).toEqual({ username: 'alice', password: 's3cret' });
    expect(store.isRemembered()).toBe(false);
    expect(storage.map.size).toBe(0);
  });

  it('"Remember for this tab" survives a new store over the same storage', () => {
    const storage = memoryStorage();
    createCredentialsStore({ key: 'k', storage }).set({ username: 'bob', password: 'pw' }, { remember: true });
    const reloaded = createCredentialsStore({ key: 'k', storage });
    expect(reloaded.get()).toEqual({ username: 'bob', password: 'pw' });
    expect(reloaded.isRemembered()).toBe(true);
  });

  it('clear forgets memory and storage and notifies', () => {
    const storage = memoryStorage();
    const store = createCredentialsStore({ key: 'k', storage });
    const listener = vi.fn();
    store.subscribe(listener);
    store.set({ username: 'bob', password: 'pw' }, { remember: true });
    store.clear();
    expect(store.get()).toBeNull();
    expect(storage.map.size).toBe(0);
    expect(listener).toHaveBeenCalledTimes(2);
  });

  it('drops a corrupt stored entry', () => {
    const storage = memoryStorage();
    storage.setItem('k', '{not json');
    expect(createCredentialsStore({ key: 'k', storage }).get()).toBeNull();
    expect(storage.map.size).toBe(0);
  });

  it('uses sessionStorage by default, never localStorage', () => {
    const store = createCredentialsStore({ key: 'regatta.test' });
    store.set({ username: 'carol', password: 'pw' }, { remember: true });
    expect(sessionStorage.getItem('regatta.test')).toContain('carol');
    expect(window.localStorage.length).toBe(0);
    store.clear();
    expect(sessionStorage.getItem('regatta.test')).toBeNull();
  });

  it('records when the credentials last changed', () => {
    const store = createCredentialsStore({ storage: null });
    expect(store.changedAt()).toBe(0);
    const before = Date.now();
    store.set({ username: 'a', password: 'b' });
    expect(store.changedAt()).toBeGreaterThanOrEqual(before);
    const signedIn = store.changedAt();
    store.clear();
    expect(store.changedAt()).toBeGreaterThanOrEqual(signedIn);
  });
});
