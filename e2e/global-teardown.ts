import { killLeftovers } from './rig-env.ts';

export default async function globalTeardown(): Promise<void> {
  const rig = globalThis.__regattaRig;
  globalThis.__regattaRig = undefined;
  if (!rig) {
    await killLeftovers();
    return;
  }
  // nginx first: it proxies to the registry.
  for (const service of [...rig.services].reverse()) await service.stop();
}
