/**
 * SQL text handling for routing and fingerprinting: an exact lexer for the DuckDB and PostgreSQL
 * dialects, the canonical token stream used for fingerprints, and the rewriter that splices
 * physical table names into the client's original text.
 *
 * <p>Nothing here parses SQL into a tree or re-prints it: every byte a client sends outside a
 * replaced model reference reaches the backend unchanged (SPEC §7). The lexer is on the
 * connection's hot path, so tokens are kept in parallel primitive arrays rather than objects.
 */
package dev.venv.sql;
