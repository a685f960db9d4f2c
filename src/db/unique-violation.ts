/**
 * Tells whether a database error is a unique-key violation: PostgreSQL SQLSTATE 23505, or
 * SQLite's SQLITE_CONSTRAINT with a "UNIQUE constraint failed" message. The message test is
 * needed because SQLITE_CONSTRAINT also covers NOT NULL and foreign-key failures.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code === '23505') return true;
  return code === 'SQLITE_CONSTRAINT' && typeof message === 'string' && message.includes('UNIQUE constraint failed');
}
