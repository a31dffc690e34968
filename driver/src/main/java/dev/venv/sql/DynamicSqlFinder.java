package dev.venv.sql;

import java.util.List;
import java.util.Locale;

/**
 * Finds SQL that a statement carries inside strings and will execute: routing rewrites code, not
 * strings, so the caller must judge this text itself. Covers PostgreSQL's {@code DO} bodies,
 * {@code EXECUTE IMMEDIATE 'sql'}, the bodies of SQL and PL/pgSQL functions and procedures (run
 * whenever they are called), and DuckDB's {@code query('sql')} and {@code query_table('name')}
 * / {@code query_table(['a', 'b'])} table functions.
 */
final class DynamicSqlFinder {

  /** PostgreSQL's views of column statistics: most common values, histograms, of any table. */
  private static final java.util.Set<String> STATISTICS_VIEWS = java.util.Set.of(
      "pg_stats", "pg_stats_ext", "pg_stats_ext_exprs", "pg_statistic", "pg_statistic_ext_data");
  /** Functions that run SQL handed to them as text (PostgreSQL's text search and tablefunc). */
  private static final java.util.Set<String> QUERY_FUNCTIONS = java.util.Set.of(
      "query", "ts_stat", "ts_rewrite", "crosstab", "crosstab2", "crosstab3", "crosstab4", "connectby");

  /** Functions whose effect no reading of their arguments can bound. */
  private static final java.util.Set<String> OPAQUE_FUNCTIONS = java.util.Set.of(
      "json_execute_serialized_sql", "dblink", "dblink_exec", "dblink_open", "dblink_send_query");

  private final CodeTokens t;
  private final boolean postgres;
  private final List<String> out;
  private final List<String> opaque;
  private final List<String> sweeping;
  private final List<String> routinePaths;

  DynamicSqlFinder(CodeTokens tokens, SqlDialect dialect, List<String> out, List<String> opaque,
      List<String> sweeping, List<String> routinePaths) {
    this.t = tokens;
    this.postgres = dialect == SqlDialect.POSTGRES;
    this.out = out;
    this.opaque = opaque;
    this.sweeping = sweeping;
    this.routinePaths = routinePaths;
  }

  void statement(int from, int to) {
    for (int i = from; i < to; i++) {
      if (t.isWord(i, to, "uescape")) {
        opaque.add("a UESCAPE clause (names and strings with escapes venv does not decode)");
        break;
      }
      // Only the few words that start like pg_stat… are lower-cased: this runs on every token.
      String word = postgres && t.startsWithWord(i, to, "pg_stat") ? t.word(i, to) : null;
      if (word != null && STATISTICS_VIEWS.contains(word) && !t.isOperator(i + 1, to, '(')) {
        opaque.add(word + ", which shows values of every environment's tables");
        break;
      }
    }
    String verb = t.keyword(from, to);
    if ("do".equals(verb)) {
      doBody(from + 1, to);
    } else if ("export".equals(verb) && t.isWord(from + 1, to, "database")) {
      opaque.add("EXPORT DATABASE, which writes every schema (every environment's and venv's own) to files");
    } else if ("execute".equals(verb)) {
      if (t.isWord(from + 1, to, "immediate")) {
        if (t.isString(from + 2, to)) {
          add(from + 2);
        } else {
          opaque.add("EXECUTE IMMEDIATE of SQL computed at run time");
        }
      }
    } else if ("pragma".equals(verb)) {
      // PRAGMA table_info('s.t') and the like name tables in strings
      for (int j = from + 1; j < to; j++) {
        if (t.isString(j, to)) {
          add(j);
        }
      }
    } else if ("import".equals(verb) && t.isWord(from + 1, to, "database")) {
      opaque.add("IMPORT DATABASE");
    } else if ("copy".equals(verb) && t.isWord(from + 1, to, "from") && t.isWord(from + 2, to, "database")) {
      opaque.add("COPY FROM DATABASE");
    } else if ("create".equals(verb)) {
      routineBody(from + 1, to);
      routinePath(from + 1, to);
    } else if ("alter".equals(verb)) {
      routinePath(from + 1, to);
    }
    tableFunctions(from, to);
  }

  /**
   * {@code DO [LANGUAGE l] body [LANGUAGE l]}: the language may be a string too. A body that runs
   * {@code EXECUTE} builds its SQL at run time, which no reading of the text can follow.
   */
  private void doBody(int i, int end) {
    for (; i < end; i++) {
      if (t.isWord(i, end, "language")) {
        i++;
      } else if (t.isString(i, end)) {
        String body = value(i);
        if (executesBuiltSql(body)) {
          opaque.add("a DO block that runs EXECUTE (SQL built at run time)");
        }
        out.add(body);
        return;
      }
    }
  }

  /** Whether a routine's body sets the search path ({@code set_config}, {@code SET search_path}, {@code SET schema}). */
  private boolean movesSearchPath(String body) {
    SqlTokens tokens = SqlLexer.lex(body, postgres ? SqlDialect.POSTGRES : SqlDialect.DUCKDB);
    for (int k = 0; k < tokens.size(); k++) {
      TokenKind kind = tokens.kind(k);
      String text = kind == TokenKind.WORD || kind == TokenKind.STRING ? tokens.text(k).toLowerCase(Locale.ROOT) : "";
      if (text.equals("set_config") || text.contains("search_path")) {
        return true;
      }
    }
    return false;
  }

  /** Whether a PL/pgSQL body holds an {@code EXECUTE} statement (outside its strings and comments). */
  private boolean executesBuiltSql(String body) {
    SqlTokens tokens = SqlLexer.lex(body, postgres ? SqlDialect.POSTGRES : SqlDialect.DUCKDB);
    for (int k = 0; k < tokens.size(); k++) {
      if (tokens.kind(k) == TokenKind.WORD && tokens.text(k).equalsIgnoreCase("execute")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The schemas of {@code SET search_path = a, 'b, c'} (or {@code TO}, or {@code FROM CURRENT}) in
   * {@code CREATE FUNCTION|PROCEDURE} and {@code ALTER FUNCTION|PROCEDURE|ROUTINE}: the function
   * resolves its bare names there on every call, whoever calls it.
   */
  private void routinePath(int i, int end) {
    if (t.isWord(i, end, "or") && t.isWord(i + 1, end, "replace")) {
      i += 2;
    }
    if (!t.isWord(i, end, "function") && !t.isWord(i, end, "procedure") && !t.isWord(i, end, "routine")) {
      return;
    }
    for (int j = i + 1; j < end; j++) {
      if (t.isOperator(j, end, '(')) {
        j = t.close(j);
        continue;
      }
      if (!t.isWord(j, end, "set") || !t.isWord(j + 1, end, "search_path")) {
        continue;
      }
      int k = j + 2;
      if (t.isWord(k, end, "from") && t.isWord(k + 1, end, "current")) {
        routinePaths.add(null);
        continue;
      }
      if (!t.isWord(k, end, "to") && !t.isOperator(k, end, '=')) {
        continue;
      }
      for (k++; k < end; k += 2) {
        if (t.isString(k, end)) {
          for (String part : value(k).split(",")) {
            routinePaths.add(part.strip().replace("\"", ""));
          }
        } else if (t.isIdentifier(k, end)) {
          routinePaths.add(t.sql().substring(t.start(k), t.end(k)).replace("\"", ""));
        } else {
          break;
        }
        if (!t.isOperator(k + 1, end, ',')) {
          break;
        }
      }
    }
  }

  /**
   * {@code CREATE [OR REPLACE] FUNCTION|PROCEDURE … [LANGUAGE l] AS 'body'}. Only SQL and
   * PL/pgSQL bodies are SQL; a C function's {@code AS 'file', 'symbol'} is not. DuckDB's
   * {@code CREATE FUNCTION} is a macro whose {@code AS 'x'} is a constant, so a body without
   * {@code LANGUAGE} counts only on PostgreSQL.
   */
  private void routineBody(int i, int end) {
    if (t.isWord(i, end, "or") && t.isWord(i + 1, end, "replace")) {
      i += 2;
    }
    if (!t.isWord(i, end, "function") && !t.isWord(i, end, "procedure")) {
      return;
    }
    int body = -1;
    String language = null;
    for (int j = i + 1; j < end; j++) {
      if (t.isOperator(j, end, '(')) {
        j = t.close(j);
      } else if (body < 0 && t.isWord(j, end, "as") && t.isString(j + 1, end)) {
        body = j + 1;
      } else if (language == null && t.isWord(j, end, "language") && j + 1 < end) {
        language = t.isString(j + 1, end) ? value(j + 1) : t.sql().substring(t.start(j + 1),
            t.end(j + 1));
        language = language.toLowerCase(Locale.ROOT);
      }
    }
    boolean sql = language == null ? postgres
        : language.equals("sql") || language.equals("plpgsql");
    if (body >= 0 && sql) {
      add(body);
      if (movesSearchPath(value(body))) {
        // A call of it would move the session's search path where the driver cannot see it.
        sweeping.add("CREATE FUNCTION or PROCEDURE whose body changes the session's search path");
      }
    }
  }

  /**
   * The functions that run SQL, or read a table or schema, named in a string: DuckDB's
   * {@code query('sql')}, {@code query_table('t')}, {@code query_table(['a', 'b'])} and pragma
   * functions; PostgreSQL's {@code query_to_xml('sql', …)}, {@code table_to_xml('t', …)},
   * {@code schema_to_xml('s', …)} families. Functions that read everything or run SQL the text
   * cannot show ({@code database_to_xml}, {@code dblink}, DuckDB's
   * {@code json_execute_serialized_sql}) are opaque whatever their arguments.
   */
  private void tableFunctions(int from, int to) {
    for (int i = from; i + 1 < to; i++) {
      if (!t.isOperator(i + 1, to, '(')) {
        continue;
      }
      String name = t.word(i, to);
      if (name == null) {
        continue;
      }
      if (OPAQUE_FUNCTIONS.contains(name) || name.startsWith("database_to_xml")) {
        opaque.add(name + "(...), which runs SQL or reads tables that the text does not name");
        continue;
      }
      boolean query = QUERY_FUNCTIONS.contains(name) || name.startsWith("query_to_xml");
      boolean tableNames = name.equals("query_table") || name.equals("pragma_table_info")
          || name.equals("pragma_storage_info") || name.equals("pragma_show")
          || name.startsWith("table_to_xml") || name.startsWith("schema_to_xml");
      if (!query && !tableNames) {
        continue;
      }
      arguments(i + 1, to, name, tableNames);
    }
  }

  /**
   * The arguments of a call whose string arguments are SQL or names: each must be a constant
   * standing alone — a literal (a list of literals for {@code query_table}), a number,
   * {@code true}, {@code false} or {@code null} — so that what runs is what was read. A column, a
   * parameter, an expression, a concatenation, a literal continued on the next line, or — for a
   * name — a literal that is not a name (an OID: {@code table_to_xml('161661', …)}) is opaque: its
   * value, known only at run time, may name anything.
   */
  private void arguments(int open, int to, String function, boolean names) {
    int close = t.close(open);
    int i = open + 1;
    boolean first = true;
    while (i < close) {
      int end = i;
      int depth = 0;
      while (end < close && (depth > 0 || !t.isOperator(end, close, ','))) {
        if (t.isOperator(end, close, '(') || t.isOperator(end, close, '[')) {
          depth++;
        } else if (t.isOperator(end, close, ')') || t.isOperator(end, close, ']')) {
          depth--;
        }
        end++;
      }
      if (!argument(i, end, names && first)) {
        opaque.add(function + "(...) of SQL or a name computed at run time");
        return;
      }
      first = false;
      i = end + 1;
    }
  }

  /**
   * One argument {@code [from, to)}: a constant, optionally cast ({@code 'name'::regclass}), or a
   * {@code [list]} of literals. Where the argument names a table or schema ({@code name}), only a
   * literal name will do: a number is an OID ({@code table_to_xml(161661, …)}), which PostgreSQL
   * casts to any table.
   */
  private boolean argument(int from, int to, boolean name) {
    boolean cast = to - from == 3 && t.sql().startsWith("::", t.start(from + 1));
    if (to - from == 1 || cast) {
      if (t.isString(from, to)) {
        return literal(from, name);
      }
      return !name && t.isNumber(from, to) || t.isWord(from, to, "true") || t.isWord(from, to, "false")
          || t.isWord(from, to, "null");
    }
    if (name && t.isOperator(from, to, '[') && t.isOperator(to - 1, to, ']')) {
      for (int k = from + 1; k < to - 1; k += 2) {
        if (!t.isString(k, to) || !(t.isOperator(k + 1, to, ',') || k + 1 == to - 1) || !literal(k, true)) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  private boolean literal(int k, boolean name) {
    String value = value(k);
    if (name && !value.isBlank() && !value.strip().matches("[\\p{L}_\"][\\p{L}\\p{N}_$.\" ]*")) {
      return false; // not a name: an OID, an expression
    }
    out.add(value);
    return true;
  }

  private String value(int i) {
    return SqlStrings.value(t.sql(), t.start(i), t.end(i), t.terminated(i));
  }

  private void add(int i) {
    out.add(value(i));
  }
}
