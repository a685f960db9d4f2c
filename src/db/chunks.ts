/**
 * Splits a list into slices of at most `size` items. Multi-row statements use it to stay
 * under the bound-parameter limits (SQLite 32,766 since 3.32; PostgreSQL 65,535).
 */
export function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
