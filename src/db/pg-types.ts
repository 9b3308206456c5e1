import pg from 'pg';

/** PostgreSQL's type id of `bigint` (int8). */
const INT8 = 20;

/**
 * A PostgreSQL bigint as a JS number. pg hands int8 over as text because it may not fit a
 * double; ours are ids (`bigserial`, event ids) and counts (`count(*)`, `sum` of an integer
 * column), far below 2^53. A value that would not fit exactly throws rather than being rounded.
 */
export function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) {
    throw new RangeError(
      `PostgreSQL bigint ${text} is outside JavaScript's safe integers (±(2^53 − 1)); it would be rounded`,
    );
  }
  return n;
}

/**
 * The type parsers of our pool, given to `pg.Pool` as its `types`: bigints as numbers, in one
 * place instead of a `Number()` at each use. Scoped to the pool, so pg's global `types` (and
 * any other pool in the process) keep their defaults.
 */
export function pgTypeParsers(): pg.CustomTypesConfig {
  const types = new pg.TypeOverrides();
  types.setTypeParser(INT8, parseInt8);
  return types;
}
