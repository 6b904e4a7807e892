import { prettyJson } from './pretty-json';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('prettyJson', () => {
  it('re-indents JSON', () => {
    expect(prettyJson(bytes('{"a":[1,2]}'))).toEqual({ text: '{\n  "a": [\n    1,\n    2\n  ]\n}', pretty: true, truncated: false });
  });

  it('shows non-JSON as received, saying why', () => {
    const result = prettyJson(bytes('not json <script>'));
    expect(result.pretty).toBe(false);
    expect(result.text).toBe('not json <script>');
    expect(result.problem).toMatch(/Not valid JSON/);
  });

  it('does not parse documents over the limit', () => {
    const result = prettyJson(bytes(`{"a":"${'x'.repeat(100)}"}`), 10);
    expect(result).toMatchObject({ truncated: true, pretty: false, text: '{"a":"xxxx' });
  });

  it('reports invalid UTF-8', () => {
    expect(prettyJson(new Uint8Array([0xff, 0xfe])).problem).toMatch(/UTF-8/);
  });
});
