import { render, screen } from '@testing-library/react';
import { ConfigError, parseAppConfig } from '../config/app-config';
import { BootErrorPage } from './boot-error-page';

function configError(raw: unknown): unknown {
  try {
    parseAppConfig(raw);
  } catch (error) {
    return error;
  }
  throw new Error('expected an invalid config');
}

describe('BootErrorPage', () => {
  it('names the wrong config field', () => {
    render(<BootErrorPage error={configError({ registries: [{ name: 'x', url: 'ftp://nope' }] })} />);
    expect(screen.getByRole('heading', { name: 'Regatta cannot start' })).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('registries.0.url');
    expect(screen.getByRole('alert')).toHaveTextContent('/config.json');
  });

  it('sends the reader to the real source of a generated configuration', () => {
    const source = 'the CONFIG_FILE /srv/regatta.json';
    render(<BootErrorPage error={new ConfigError(`${source}: the configuration is invalid — x`, source)} />);
    expect(screen.getByRole('alert')).toHaveTextContent(`Fix the named field in ${source}, restart the server`);
    expect(screen.getByRole('alert')).not.toHaveTextContent('served next to index.html');
  });

  it('shows any other startup failure readably', () => {
    render(<BootErrorPage error={new Error('service worker refused')} />);
    expect(screen.getByRole('alert')).toHaveTextContent('service worker refused');
  });
});
