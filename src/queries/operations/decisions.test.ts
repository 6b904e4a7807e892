import { RegistryError } from '../../registry/errors';
import { ActionRefusedError, isDeletesDisabled, recheck, recoveryAction, untagFailure } from './decisions';

describe('recheck', () => {
  it.each([
    ['still on the digest the user saw', 'sha256:a', 'sha256:a', 'proceed'],
    ['gone (404): the change is already done', 'sha256:a', null, 'already-done'],
    ['moved: refuse, send nothing', 'sha256:a', 'sha256:b', 'refuse'],
  ] as const)('%s', (_label, expected, actual, decision) => {
    expect(recheck(expected, actual)).toBe(decision);
  });
});

describe('untagFailure', () => {
  const disabled = new RegistryError({ status: 405, code: 'UNSUPPORTED', message: 'The operation is unsupported.' });

  it('says the tag was put back, and why the delete failed (deletes off: a refusal the app remembers)', () => {
    const error = untagFailure('v1', disabled, true);
    expect(error.message).toMatch(/^Tag v1 was not removed: .*405 UNSUPPORTED.*put back on its image/);
    expect(isDeletesDisabled(error)).toBe(true);
    expect(error).toBeInstanceOf(ActionRefusedError);
  });

  it('says when the tag is left on the throwaway and how to finish', () => {
    const error = untagFailure('v1', new Error('network down'), false, new Error('still down'));
    expect(error.message).toMatch(/left on Regatta's throwaway manifest.*network down.*still down.*Finish the untag/);
    expect(isDeletesDisabled(error)).toBe(false);
  });
});

describe('recoveryAction', () => {
  const entry = { throwaway: 'sha256:t' };
  it('finishes the untag when the tag is on the throwaway', () => expect(recoveryAction(entry, 'sha256:t')).toBe('finish'));
  it('deletes a leftover throwaway when the tag is gone', () => expect(recoveryAction(entry, null)).toBe('delete-orphan-throwaway'));
  it('leaves a tag that is on anything else alone', () => expect(recoveryAction(entry, 'sha256:original')).toBe('nothing-left'));
});
