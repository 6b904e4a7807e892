import { render, screen } from '@testing-library/react';
import { ConfigError, parseAppConfig } from '../config/app-config';
import { BootErrorPage } from './boot-error-page';
import { assertDemoCanRun, DemoUnavailableError, demoUnavailableReason } from './demo-support';

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

describe('the demo registry outside a secure context', () => {
  const insecure = { isSecureContext: false, location: { protocol: 'http:', host: 'regatta.test:8080' }, navigator: {} };

  it('is refused with the reason before any service worker is tried', () => {
    expect(() => assertDemoCanRun(insecure)).toThrow(DemoUnavailableError);
    expect(demoUnavailableReason(insecure)).toMatch(/needs https or localhost.*http:\/\/regatta\.test:8080 is not one/);
    expect(demoUnavailableReason({ ...insecure, isSecureContext: true, navigator: { serviceWorker: {} } })).toBeUndefined();
    expect(demoUnavailableReason({ ...insecure, isSecureContext: true })).toMatch(/does not offer service workers/);
  });

  it('shows that message on the boot page', () => {
    let error: unknown;
    try {
      assertDemoCanRun(insecure);
    } catch (caught) {
      error = caught;
    }
    render(<BootErrorPage error={error} />);
    expect(screen.getByRole('alert')).toHaveTextContent('The built-in demo registry needs https or localhost');
    expect(screen.getByRole('alert')).toHaveTextContent('open this page over https or on localhost');
  });
});
