import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { sha256Digest } from '../../registry/sha256';
import { DigestCheck } from './digest-check';
import { PanelBoundary } from './panel-boundary';

const bytes = new TextEncoder().encode('{"schemaVersion":2}');

describe('DigestCheck', () => {
  it('shows "sha256 verified" when the bytes hash to the digest', async () => {
    render(<DigestCheck bytes={bytes} expected={await sha256Digest(bytes)} />);
    // The status reads "Verifying sha256…" until hashing settles: wait for the verdict, not the role.
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('sha256 verified'));
  });

  it('is loud on a mismatch', async () => {
    const wrong = `sha256:${'0'.repeat(64)}`;
    render(<DigestCheck bytes={bytes} expected={wrong} />);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Digest mismatch — do not trust these bytes');
    expect(alert).toHaveTextContent(await sha256Digest(bytes));
  });

  it('does not pretend to verify other algorithms', () => {
    render(<DigestCheck bytes={bytes} expected={`sha512:${'0'.repeat(128)}`} />);
    expect(screen.getByText(/cannot be verified here/)).toBeInTheDocument();
  });
});

describe('PanelBoundary', () => {
  it('keeps a failing panel inside its box', () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    function Broken(): never {
      throw new Error('unexpected shape');
    }
    render(
      <>
        <PanelBoundary title="Layers">
          <Broken />
        </PanelBoundary>
        <p>still here</p>
      </>,
    );
    expect(screen.getByRole('alert')).toHaveTextContent('The Layers panel failed');
    expect(screen.getByRole('alert')).toHaveTextContent('unexpected shape');
    expect(screen.getByText('still here')).toBeInTheDocument();
    expect(spy).toHaveBeenCalledWith('Panel "Layers" failed', expect.any(Error), expect.any(String));
    spy.mockRestore();
  });

  it('renders the panel again on Retry', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    let broken = true;
    function Flaky() {
      if (broken) throw new Error('once');
      return <p>layers shown</p>;
    }
    render(
      <PanelBoundary title="Layers">
        <Flaky />
      </PanelBoundary>,
    );
    broken = false;
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(screen.getByText('layers shown')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    spy.mockRestore();
  });
});
