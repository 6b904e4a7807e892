import { safeExternalUrl } from './safe-url';

describe('safeExternalUrl', () => {
  it.each(['https://github.com/example/repo', 'http://example.com/a?b=c#d', 'HTTPS://EXAMPLE.COM/'])('links %s', (value) => {
    expect(safeExternalUrl(value)).not.toBeNull();
  });

  it.each([
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'file:///etc/passwd',
    '//evil.example/x',
    '/relative/path',
    'ftp://example.com/x',
    'https://user:pass@example.com/',
    ' https://example.com',
    'https://exa mple.com',
    'not a url',
    '',
  ])('refuses %s', (value) => {
    expect(safeExternalUrl(value)).toBeNull();
  });
});
