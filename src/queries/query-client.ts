import { QueryClient } from '@tanstack/react-query';
import { classifyFailure, retryDelayFor, shouldRetryFailure } from './retry-policy';

/** True for failures a later attempt may cure: 429, 5xx (but 501), timeouts and network errors. */
export function isTransient(error: unknown): boolean {
  return classifyFailure(error) !== 'permanent';
}

/** Retry policy for every query (retry-policy.ts): never on permanent failures, bounded otherwise. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  return shouldRetryFailure(failureCount, error);
}

/** Retry-After when the registry sent one (429/503), else capped exponential backoff; both jittered. */
export function retryDelay(failureCount: number, error: unknown): number {
  return retryDelayFor(failureCount, error);
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: shouldRetry,
        retryDelay,
        refetchOnWindowFocus: false,
        staleTime: 30_000,
      },
      mutations: { retry: false },
    },
  });
}
