import { QueryFailedError } from 'typeorm';
import { isUniqueViolation } from './unique-violation';

// The shapes each driver produces (checked against the real servers in persistence.int-spec.ts).
const driverError = (fields: Record<string, unknown>) => Object.assign(new Error('driver'), fields);
const wrapped = (error: Error) => new QueryFailedError('INSERT ...', [], error);

describe('isUniqueViolation', () => {
  it.each([
    ['SQLite unique index', { code: 'SQLITE_CONSTRAINT_UNIQUE' }],
    ['SQLite primary key', { code: 'SQLITE_CONSTRAINT_PRIMARYKEY' }],
    ['MySQL / MariaDB', { code: 'ER_DUP_ENTRY', errno: 1062 }],
    ['PostgreSQL', { code: '23505', constraint: 'uq_user_username' }],
  ])('recognises %s, bare or wrapped by TypeORM or as a cause', (_, fields) => {
    const error = driverError(fields);
    expect(isUniqueViolation(error)).toBe(true);
    expect(isUniqueViolation(wrapped(error))).toBe(true);
    expect(isUniqueViolation(new Error('repository failed', { cause: wrapped(error) }))).toBe(true);
  });

  it.each([
    ['SQLite foreign key', { code: 'SQLITE_CONSTRAINT_FOREIGNKEY' }],
    ['SQLite not null', { code: 'SQLITE_CONSTRAINT_NOTNULL' }],
    ['MySQL not null', { code: 'ER_BAD_NULL_ERROR', errno: 1048 }],
    ['PostgreSQL foreign key', { code: '23503' }],
    ['a network error', { code: 'ECONNREFUSED' }],
  ])('does not mistake %s for one', (_, fields) => {
    expect(isUniqueViolation(wrapped(driverError(fields)))).toBe(false);
  });

  it('copes with values that are not errors, and with cycles', () => {
    expect(isUniqueViolation(undefined)).toBe(false);
    expect(isUniqueViolation('23505')).toBe(false);
    const loop: { cause?: unknown } = {};
    loop.cause = loop;
    expect(isUniqueViolation(loop)).toBe(false);
  });
});
