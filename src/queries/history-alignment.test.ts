import { alignHistory, stepCommand } from './history-alignment';

const step = (created_by: string, empty_layer?: boolean) => ({ created_by, ...(empty_layer ? { empty_layer } : {}) });

describe('alignHistory', () => {
  it('skips empty_layer entries and attaches them to the next layer', () => {
    const result = alignHistory(3, [step('ADD rootfs'), step('ENV A=1', true), step('WORKDIR /app', true), step('RUN npm ci'), step('COPY . .'), step('CMD ["node"]', true)]);
    expect(result.status).toBe('aligned');
    expect(result.layers.map((l) => l.step?.created_by)).toEqual(['ADD rootfs', 'RUN npm ci', 'COPY . .']);
    expect(result.layers[1]?.emptyBefore.map((e) => e.created_by)).toEqual(['ENV A=1', 'WORKDIR /app']);
    expect(result.layers[0]?.emptyBefore).toEqual([]);
    expect(result.trailing.map((e) => e.created_by)).toEqual(['CMD ["node"]']);
    expect(result.unmatched).toEqual([]);
  });

  it('says "missing" when there is no history', () => {
    for (const history of [undefined, []]) {
      const result = alignHistory(2, history);
      expect(result.status).toBe('missing');
      expect(result.layers).toEqual([{ emptyBefore: [] }, { emptyBefore: [] }]);
    }
  });

  it('matches from the first layer when the history has more steps than layers', () => {
    const result = alignHistory(2, [step('a'), step('b'), step('meta', true), step('c'), step('d')]);
    expect(result.status).toBe('more-history');
    expect(result.layers.map((l) => l.step?.created_by)).toEqual(['a', 'b']);
    expect(result.unmatched.map((e) => e.created_by)).toEqual(['c', 'd']);
  });

  it('leaves the last layers without a command when the history is short', () => {
    const result = alignHistory(3, [step('a'), step('meta', true)]);
    expect(result.status).toBe('less-history');
    expect(result.layers.map((l) => l.step?.created_by)).toEqual(['a', undefined, undefined]);
    expect(result.trailing.map((e) => e.created_by)).toEqual(['meta']);
  });

  it('an image without layers keeps every empty step as trailing', () => {
    const result = alignHistory(0, [step('ENV A=1', true)]);
    expect(result.status).toBe('aligned');
    expect(result.layers).toEqual([]);
    expect(result.trailing).toHaveLength(1);
  });

  it('treats empty_layer: false like an absent flag', () => {
    const result = alignHistory(1, [{ created_by: 'RUN x', empty_layer: false }]);
    expect(result.layers[0]?.step?.created_by).toBe('RUN x');
  });
});

describe('stepCommand', () => {
  it('strips the shell no-op prefix and the buildkit marker', () => {
    expect(stepCommand(step('/bin/sh -c #(nop)  CMD ["node"]'))).toBe('CMD ["node"]');
    expect(stepCommand(step('RUN /bin/sh -c npm ci # buildkit'))).toBe('RUN /bin/sh -c npm ci');
    expect(stepCommand({ comment: 'buildkit.dockerfile.v0' })).toBe('buildkit.dockerfile.v0');
    expect(stepCommand(undefined)).toBeUndefined();
  });
});
