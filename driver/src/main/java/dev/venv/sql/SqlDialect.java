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
  POSTGRES
}
