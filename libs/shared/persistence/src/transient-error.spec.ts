import { isTransientTransactionError } from './transient-error';

describe('isTransientTransactionError', () => {
  it('recognises deadlocks and serialization failures of every server dialect', () => {
    expect(
      isTransientTransactionError({ driverError: { code: 'ER_LOCK_DEADLOCK', errno: 1213 } }),
    ).toBe(true);
    expect(isTransientTransactionError({ driverError: { errno: 1205 } })).toBe(true);
    expect(isTransientTransactionError({ driverError: { code: '40P01' } })).toBe(true);
    expect(isTransientTransactionError({ code: '40001' })).toBe(true);
  });

  it('leaves every other error alone', () => {
    expect(
      isTransientTransactionError({ driverError: { code: 'ER_DUP_ENTRY', errno: 1062 } }),
    ).toBe(false);
    expect(isTransientTransactionError({ code: '23505' })).toBe(false);
    expect(isTransientTransactionError(new Error('boom'))).toBe(false);
    expect(isTransientTransactionError(undefined)).toBe(false);
  });
});
