package dev.venv.sql;

import dev.venv.sql.Classification.WriteTarget;
import java.util.List;

/**
 * Reads the names a write statement targets and adds them to the output: dotted names decoded
 * to lower case, catalogs dropped, and the few shapes in which a name designates its target
 * indirectly (a column's table, a trigger's table).
 */
final class WriteTargets {

  /** How a name designates its target. */
  enum Kind {
    /** {@code [[catalog.]schema.]table}. */
    OBJECT,
    /** {@code [catalog.]schema}: a schema-level target, table null. */
    SCHEMA,
    /** {@code [[catalog.]schema.]table.column}: the column's table is the target. */
    COLUMN,
    /** {@code name ON table}: a trigger, rule, policy or constraint; the table is the target. */
    ON_TABLE,
    /** Something without a table: a role, a database, an extension. Never a target. */
    NONE
  }

  private final CodeTokens t;
  private final List<WriteTarget> out;

  WriteTargets(CodeTokens tokens, List<WriteTarget> out) {
    this.t = tokens;
    this.out = out;
  }

  /**
   * Adds the target named at {@code i}; returns the index after the name, or -1 when none
   * starts there.
   */
  int name(String verb, int i, int end, Kind kind) {
    if (kind == Kind.ON_TABLE) {
      int on = t.find(i, end, "on");
      return on < 0 ? -1 : name(verb, only(on + 1, end), end, Kind.OBJECT);
    }
    int next = t.nameEnd(i, end);
    if (next == i || kind == Kind.NONE) {
      return -1;
    }
    int last = next - 1;
    if (kind == Kind.COLUMN) {
      last -= 2;
      if (last < i) {
        return next;
      }
    }
    String schema;
    String table;
    if (kind == Kind.SCHEMA) {
      schema = t.identifier(last);
      table = null;
    } else {
      table = t.identifier(last);
      schema = last > i ? t.identifier(last - 2) : null;
    }
    out.add(new WriteTarget(verb, schema, table, t.start(i)));
    return next;
  }

  /**
   * Reads a list {@code [ONLY] a [*] [(args)], …} of names from {@code i}, each a target, up to
   * the first token that continues none.
   */
  void names(String verb, int i, int end, Kind kind) {
    while (true) {
      int j = name(verb, only(i, end), end, kind);
      if (j < 0) {
        return;
      }
      if (t.isOperator(j, end, '*')) {
        j++;
      }
      if (t.isOperator(j, end, '(')) {
        j = t.close(j) + 1; // DROP FUNCTION f(int), g(text)
      }
      if (!t.isOperator(j, end, ',')) {
        return;
      }
      i = j + 1;
    }
  }

  /** Skips {@code ONLY} (and the parenthesis of {@code ONLY (t)}) before a table name. */
  int only(int i, int end) {
    if (!t.isWord(i, end, "only")) {
      return i;
    }
    return t.isOperator(i + 1, end, '(') ? i + 2 : i + 1;
  }
}
