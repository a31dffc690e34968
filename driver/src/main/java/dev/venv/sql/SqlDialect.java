package dev.venv.sql;

/**
 * The backend SQL dialect whose lexical rules apply.
 *
 * <p>DuckDB's scanner descends from PostgreSQL's, so the two agree on strings, dollar quoting,
 * nested comments and operators; the dialect matters only where a client-side convention
 * differs (see {@link SqlLexer}).
 */
public enum SqlDialect {
  /** DuckDB, the embedded default backend. */
  DUCKDB,
  /** PostgreSQL, reached through pgjdbc. */
  POSTGRES,
  /**
   * Trino: standard SQL strings and comments (no dollar quoting, no escapes), double-quoted
   * identifiers, three-part names ({@code catalog.schema.table}); lexed as DuckDB's, whose rules
   * are a superset for what routing looks at.
   */
  TRINO
}
