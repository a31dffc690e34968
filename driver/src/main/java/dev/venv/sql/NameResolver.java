package dev.venv.sql;

/**
 * What the names in a SQL text mean to whoever routes it: {@link ReferenceScan} finds the names,
 * a resolver says for each whether it is spliced ({@link ModelIndex.Target}), refused
 * ({@link Refusal}) or left as written ({@code null}).
 *
 * <p>The builder's resolver knows the models of one plan and leaves everything else alone; the
 * driver's ({@link RoutingNames}) fails closed: every name that belongs to venv is either one of
 * the environment's models or refused.
 */
interface NameResolver {

  /**
   * A qualified name: identifier tokens {@code schema} and {@code table} (of a longer chain,
   * possibly: a catalog before, a column after).
   *
   * @return a {@link ModelIndex.Target}, a {@link Refusal}, or {@code null}
   */
  Object qualified(SqlTokens tokens, int schema, int table);

  /**
   * An unqualified name in a table position ({@code FROM t}, {@code JOIN t}), not a CTE of its
   * statement: it resolves through the session's search path.
   *
   * @return a {@link ModelIndex.Target}, a {@link Refusal}, or {@code null}
   */
  default Object bare(SqlTokens tokens, int table) {
    return null;
  }

  /** Whether {@link #bare} can ever answer: when not, the scan skips unqualified names at no cost. */
  default boolean resolvesBareNames() {
    return false;
  }
}
