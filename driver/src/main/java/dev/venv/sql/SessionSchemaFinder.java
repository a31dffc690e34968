package dev.venv.sql;

import dev.venv.sql.Classification.SchemaReference;
import java.util.List;
import java.util.Locale;

/**
 * Finds the schemas a statement makes the session's: {@code USE}, {@code SET schema},
 * {@code SET search_path} and PostgreSQL's {@code set_config('search_path', …)}; and the
 * statements that put the default back ({@code RESET}, {@code SET … DEFAULT},
 * {@code RESET ALL}, {@code DISCARD ALL}), reported as schema {@code ""}.
 */
final class SessionSchemaFinder {

  private final CodeTokens t;
  private final boolean duckdb;
  private final List<SchemaReference> out;

  SessionSchemaFinder(CodeTokens tokens, SqlDialect dialect, List<SchemaReference> out) {
    this.t = tokens;
    this.duckdb = dialect == SqlDialect.DUCKDB;
    this.out = out;
  }

  /**
   * Reads the statement {@code [from, to)}; returns {@code true} when it sets the search path to a
   * value the text does not spell out ({@code SET schema = 'sa' || 'les'},
   * {@code set_config('search_path', ?, false)}, DuckDB's {@code getvariable}).
   */
  boolean statement(int from, int to) {
    computed = false;
    String verb = t.keyword(from, to);
    if ("use".equals(verb)) {
      int next = t.nameEnd(from + 1, to);
      if (next > from + 1) {
        add(next - 1); // USE catalog.schema: only the schema
      }
    } else if ("set".equals(verb)) {
      set(scope(from + 1, to), to);
    } else if ("reset".equals(verb)) {
      int name = scope(from + 1, to);
      if (isSchemaSetting(name, to) || t.isWord(name, to, "all")) {
        reset(name);
      }
    } else if ("discard".equals(verb) && t.isWord(from + 1, to, "all")) {
      reset(from + 1);
    }
    setConfig(from, to);
    return computed;
  }

  /** Set by {@link #statement}: the search path it sets is computed. */
  private boolean computed;

  /** Skips the {@code SESSION}, {@code LOCAL} or {@code GLOBAL} of {@code SET}/{@code RESET}. */
  private int scope(int i, int end) {
    boolean scope = t.isWord(i, end, "session") || t.isWord(i, end, "local")
        || t.isWord(i, end, "global");
    return scope ? i + 1 : i;
  }

  private boolean isSchemaSetting(int i, int end) {
    return t.isWord(i, end, "schema") || t.isWord(i, end, "search_path");
  }

  /** {@code SET schema|search_path [=|TO] value, …} ({@code SET SCHEMA 'x'} has neither). */
  private void set(int name, int end) {
    if (!isSchemaSetting(name, end)) {
      return;
    }
    // DuckDB reads its search_path string as a list: SET search_path = 'a,b'. PostgreSQL reads a
    // quoted value as one name: SET search_path = 'a,b' names the schema "a,b".
    boolean list = duckdb && t.isWord(name, end, "search_path");
    int i = name + 1;
    if (t.isOperator(i, end, '=') || t.isWord(i, end, "to")) {
      i++;
    }
    if (t.isWord(i, end, "default")) {
      reset(name);
      return;
    }
    while (i < end) {
      if (t.isString(i, end)) {
        string(i, list);
        i++;
      } else {
        int next = t.nameEnd(i, end);
        if (next == i) {
          computed = true; // a parameter, a function call, an expression
          return;
        }
        add(next - 1);
        i = next;
      }
      if (!t.isOperator(i, end, ',')) {
        computed |= i < end; // 'sa' || 'les', getvariable('v')
        return;
      }
      i++;
    }
  }

  /**
   * {@code [pg_catalog.]set_config('search_path', 'a, b', is_local)} with literal arguments; a
   * computed value cannot be told here.
   */
  private void setConfig(int from, int to) {
    for (int i = from; i + 1 < to; i++) {
      if (!t.isWord(i, to, "set_config") || !t.isOperator(i + 1, to, '(')) {
        continue;
      }
      boolean literalSetting = t.isString(i + 2, to) && t.isOperator(i + 3, to, ',');
      if (literalSetting && !"search_path".equalsIgnoreCase(value(i + 2).strip())) {
        continue; // another setting
      }
      if (literalSetting && t.isString(i + 4, to) && t.isOperator(i + 5, to, ',')) {
        // A GUC's text value is a list, as in DuckDB's SET.
        string(i + 4, true);
      } else {
        computed = true; // which setting, or its value, is only known at run time
      }
    }
  }

  private String value(int i) {
    return SqlStrings.value(t.sql(), t.start(i), t.end(i), t.terminated(i));
  }

  private void reset(int name) {
    out.add(new SchemaReference("", t.start(name), t.end(name)));
  }

  /** Adds the identifier at {@code i}. */
  private void add(int i) {
    out.add(new SchemaReference(t.identifier(i), t.start(i), t.end(i)));
  }

  /**
   * Adds the schema(s) in the string token {@code i}. A string that is a single plain name is
   * reported as the whole token, quotes included; elements of a list, and the schema part of
   * {@code 'catalog.schema'}, are reported by their span inside the string.
   */
  private void string(int i, boolean list) {
    String sql = t.sql();
    int start = t.start(i);
    int from = SqlStrings.contentStart(sql, start);
    int to = SqlStrings.contentEnd(sql, start, t.end(i), t.terminated(i));
    char prefix = sql.charAt(start);
    if (!list) {
      out.add(new SchemaReference(lower(value(i)), start, t.end(i)));
      return;
    }
    int element = from;
    while (element <= to) {
      int comma = next(sql, element, to, ',');
      int s = element;
      int e = comma;
      while (s < e && Character.isWhitespace(sql.charAt(s))) {
        s++;
      }
      while (e > s && Character.isWhitespace(sql.charAt(e - 1))) {
        e--;
      }
      // catalog.schema: the schema is after the last dot outside double quotes.
      for (int dot = next(sql, s, e, '.'); dot < e; dot = next(sql, s, e, '.')) {
        s = dot + 1;
      }
      if (s < e) {
        String name = SqlStrings.unescape(prefix, sql.substring(s, e));
        if (name.length() >= 2 && name.charAt(0) == '"' && name.endsWith("\"")) {
          name = name.substring(1, name.length() - 1).replace("\"\"", "\"");
        }
        boolean whole = s == from && e == to && comma == to;
        out.add(new SchemaReference(lower(name), whole ? start : s, whole ? t.end(i) : e));
      }
      element = comma + 1;
    }
  }

  /** The first {@code c} in {@code sql[from, to)} outside double quotes, or {@code to}. */
  private static int next(String sql, int from, int to, char c) {
    boolean quoted = false;
    for (int k = from; k < to; k++) {
      char ch = sql.charAt(k);
      if (ch == '"') {
        quoted = !quoted;
      } else if (ch == c && !quoted) {
        return k;
      }
    }
    return to;
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
