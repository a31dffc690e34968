package dev.venv.sql;

import java.util.Locale;

/**
 * Clauses around a model's name that no routing can honour, refused in venv's words before the
 * backend sees the text (SQLState {@code 0A000}), instead of the backend's error about the text
 * routing made of them.
 *
 * <ul>
 *   <li><b>A lasting definition that reads a model</b> ({@code CREATE VIEW scratch.v AS SELECT … FROM
 *       marts.orders}, a materialized view, a macro, a function body, a rule or trigger): it keeps
 *       the name routing gave it, the environment's view ({@code marts__dev.orders}, prod's
 *       {@code marts.orders}), and the backend resolves that name for whoever reads it later. A view
 *       made through dev, read through {@code jdbc:venv:prod:}, showed dev's rows (and a view made
 *       through prod showed prod's to dev): no driver can route a name inside the database's own
 *       object. Refused; a {@code TEMPORARY} one lives in the connection that made it, and passes.
 *   <li><b>Time travel</b> ({@code FOR VERSION AS OF}, {@code FOR TIMESTAMP AS OF}, Trino's): a
 *       model's physical table holds one build of one version, not the model's history (an
 *       earlier Iceberg snapshot of it is at most a seed half loaded), and a VIEW model's is a view,
 *       which has none. A model's other states are other snapshots, each read through an
 *       environment that holds it. Routed as a read it also became {@code … AS "t" FOR VERSION AS
 *       OF 1}, a syntax error.
 *   <li><b>{@code SHOW CREATE VIEW|TABLE model}</b> (Trino's): routed, it asked for the DDL of the
 *       physical object, which is not what the client named (a table where it asked for a view:
 *       Trino's "is a table, not a view"), nor its to see (an access denial naming venv's schema).
 *       A model's definition is its file in the model repository.
 *   <li><b>{@code CREATE TABLE t (LIKE model)}</b> on Trino: LIKE copies columns when the table is
 *       made, a read, but Trino copies no view's columns ({@code Error processing metadata}, an
 *       internal error), and a model is a view to a stored definition (its environment's view) and
 *       may be one physically (a VIEW model). {@code CREATE TABLE t AS SELECT * FROM model WITH NO
 *       DATA} makes the same table.
 * </ul>
 */
final class UnroutableClauses {
  private UnroutableClauses() {}

  /** The refusal of the first such clause on a reference of {@code scan}, or {@code null}. */
  static Refusal refusal(SqlTokens tokens, ReferenceScan scan, SqlDialect dialect, String environment) {
    for (int k = 0; k < scan.count(); k++) {
      if (scan.role(k) == ReferenceScan.COLUMN_QUALIFIER) {
        continue;
      }
      String model = scan.target(k).model();
      if (scan.persisted(k)) {
        return new Refusal("0A000", "venv: a view, macro or function that reads model " + model + " refused in"
            + " environment " + environment + ": it would keep reading environment " + environment + "'s " + model
            + " for every connection that reads it, whichever environment that connection is on; read the model in"
            + " your queries themselves, copy its rows (CREATE TABLE … AS SELECT …), or make the view TEMPORARY,"
            + " which lives in this connection only");
      }
      int last = tokens.endingAt(scan.end(k));
      String travel = last < 0 ? null : timeTravel(tokens, last);
      if (travel != null) {
        return new Refusal("0A000", "venv: time travel (FOR " + travel + " AS OF) on model " + model
            + " refused in environment " + environment + ": a model's table holds one build of it, not its history;"
            + " its other states are other snapshots, each read through an environment that holds it"
            + " (jdbc:venv:<environment>:…)");
      }
      int first = tokens.startingAt(scan.start(k));
      if (first >= 0 && isShowCreate(tokens, first)) {
        return new Refusal("0A000", "venv: SHOW CREATE of model " + model + " refused in environment " + environment
            + ": a model's definition is its file in the model repository (venv show " + environment
            + "); DESCRIBE and SHOW COLUMNS show its columns");
      }
      if (dialect == SqlDialect.TRINO && first >= 0 && isLikeClause(tokens, first)) {
        return new Refusal("0A000", "venv: CREATE TABLE … (LIKE " + model + ") refused in environment " + environment
            + ": Trino cannot copy the columns of a view, which a model may be; CREATE TABLE … AS SELECT * FROM "
            + model + " WITH NO DATA makes the same empty table");
      }
    }
    return null;
  }

  /** {@code VERSION} or {@code TIMESTAMP} when {@code FOR … AS OF} follows token {@code last}. */
  private static String timeTravel(SqlTokens tokens, int last) {
    int k = next(tokens, last);
    if (!isWord(tokens, k, "for")) {
      return null;
    }
    int kind = next(tokens, k);
    if (!isWord(tokens, kind, "version") && !isWord(tokens, kind, "timestamp")) {
      return null;
    }
    int as = next(tokens, kind);
    return isWord(tokens, as, "as") && isWord(tokens, next(tokens, as), "of")
        ? tokens.text(kind).toUpperCase(Locale.ROOT) : null;
  }

  /** {@code SHOW CREATE [MATERIALIZED] VIEW|TABLE name}, the name at token {@code first}. */
  private static boolean isShowCreate(SqlTokens tokens, int first) {
    int kind = previous(tokens, first);
    if (!isWord(tokens, kind, "view") && !isWord(tokens, kind, "table")) {
      return false;
    }
    int create = previous(tokens, kind);
    if (isWord(tokens, create, "materialized")) {
      create = previous(tokens, create);
    }
    return isWord(tokens, create, "create") && isWord(tokens, previous(tokens, create), "show");
  }

  /** {@code ( LIKE name} or {@code , LIKE name}: a table element copying another's columns. */
  private static boolean isLikeClause(SqlTokens tokens, int first) {
    int like = previous(tokens, first);
    if (like < 0 || !isWord(tokens, like, "like")) {
      return false;
    }
    int before = previous(tokens, like);
    if (before < 0 || tokens.kind(before) != TokenKind.OPERATOR) {
      return false;
    }
    String op = tokens.text(before);
    return op.equals("(") || op.equals(",");
  }

  private static boolean isWord(SqlTokens tokens, int k, String word) {
    return k >= 0 && k < tokens.size() && tokens.kind(k) == TokenKind.WORD && tokens.text(k).equalsIgnoreCase(word);
  }

  private static int next(SqlTokens tokens, int i) {
    int k = i + 1;
    while (k < tokens.size() && tokens.kind(k) == TokenKind.COMMENT) {
      k++;
    }
    return k;
  }

  private static int previous(SqlTokens tokens, int i) {
    int k = i - 1;
    while (k >= 0 && tokens.kind(k) == TokenKind.COMMENT) {
      k--;
    }
    return k;
  }


}
