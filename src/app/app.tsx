import { useState } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { AppProviders } from './app-providers';
import type { RegistryEntry } from './registry-entries';
import { createAppRouter } from './router';

interface AppProps {
  registries: RegistryEntry[];
  queryClient: QueryClient;
}

export function App({ registries, queryClient }: AppProps) {
  // Every configured registry is ready; choosing another one comes with the multi-registry UI.
  const [activeIndex] = useState(0);
  const [router] = useState(createAppRouter);
  const active = registries[activeIndex] ?? registries[0];
  if (!active) throw new Error('No registry configured');
  return (
    <AppProviders queryClient={queryClient} registry={active.context} credentials={active.credentials}>
      <RouterProvider router={router} />
    </AppProviders>
  );
}
