import { render, screen } from '@testing-library/react';
import { ErrorPanel, isChunkLoadError } from './error-panel';

describe('a part of the app that could not be downloaded', () => {
  it.each([
    ['Chromium', 'Failed to fetch dynamically imported module: https://regatta.example/assets/audit-page-Ba7.js'],
    ['Firefox', 'error loading dynamically imported module: https://regatta.example/assets/audit-page-Ba7.js'],
    ['Safari', 'Importing a module script failed.'],
    ["Vite's CSS preload", 'Unable to preload CSS for /assets/index-CP.css'],
  ])('is recognised as %s words it', (_, message) => {
    expect(isChunkLoadError(new TypeError(message))).toBe(true);
  });

  it('is not any other failure', () => {
    expect(isChunkLoadError(new TypeError('Failed to fetch'))).toBe(false);
    expect(isChunkLoadError('Failed to fetch dynamically imported module')).toBe(false);
  });

  it('is said to be that, with a reload instead of the retry', () => {
    const retry = vi.fn();
    render(<ErrorPanel error={new TypeError('Failed to fetch dynamically imported module: https://regatta.example/assets/x.js')} title="The scan failed" onRetry={retry} />);
    expect(screen.getByRole('alert')).toHaveTextContent('Part of Regatta could not be downloaded');
    expect(screen.getByText(/Nothing was changed: reload the page/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Reload page' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Retry' })).not.toBeInTheDocument();
  });

  it('leaves other failures as they were', () => {
    render(<ErrorPanel error={new TypeError('Failed to fetch')} title="The scan failed" onRetry={() => {}} />);
    expect(screen.getByRole('alert')).toHaveTextContent('The scan failed');
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });
});
