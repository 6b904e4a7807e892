import { FakeRegistry, FakeRegistryError, OCI_MANIFEST } from './fake-registry';
import { pushImage } from './fake-images';

describe('FakeRegistry', () => {
  it('mounts only blobs the source repository has', async () => {
    const fake = new FakeRegistry();
    const digest = await fake.putBlob('a', new Uint8Array([1, 2, 3]));
    expect(fake.mountBlob('b', digest, 'a')).toBe(true);
    expect(fake.hasBlob('b', digest)).toBe(true);
    expect(fake.mountBlob('c', digest, 'nope')).toBe(false);
    expect(fake.hasRepository('c')).toBe(false);
  });

  it('throws typed errors with distribution status codes', async () => {
    const fake = new FakeRegistry();
    const image = await pushImage(fake, 'app', { tags: ['v1'] });
    const caught = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return error as FakeRegistryError;
      }
      throw new Error('expected a throw');
    };
    expect(caught(() => fake.deleteManifest('app', 'v1'))).toMatchObject({ status: 400, code: 'DIGEST_INVALID' });
    expect(caught(() => fake.listTags('nope'))).toMatchObject({ status: 404, code: 'NAME_UNKNOWN' });
    fake.deleteEnabled = false;
    expect(caught(() => fake.deleteManifest('app', image.digest))).toMatchObject({ status: 405, code: 'UNSUPPORTED' });
    await expect(fake.putManifest('app', 'x', new TextEncoder().encode('{}'), 'text/plain')).rejects.toMatchObject({ code: 'MANIFEST_INVALID' });
    await expect(fake.putManifest('app', 'x', new TextEncoder().encode('{"schemaVersion":2}'), OCI_MANIFEST)).rejects.toBeInstanceOf(FakeRegistryError);
  });

  it('keeps untagged manifests reachable by digest after a tag moves', async () => {
    const fake = new FakeRegistry();
    const first = await pushImage(fake, 'app', { tags: ['v2'], seed: 'one' });
    const second = await pushImage(fake, 'app', { tags: ['v2'], seed: 'two' });
    expect(fake.getManifest('app', 'v2')?.digest).toBe(second.digest);
    expect(fake.getManifest('app', first.digest)?.digest).toBe(first.digest);
    expect(fake.manifestDigests('app')).toEqual([first.digest, second.digest]);
  });
});
