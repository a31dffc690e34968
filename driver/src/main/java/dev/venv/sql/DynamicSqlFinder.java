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

  /** Functions whose effect no reading of their arguments can bound. */
  private static final java.util.Set<String> OPAQUE_FUNCTIONS = java.util.Set.of(
      "json_execute_serialized_sql", "dblink", "dblink_exec", "dblink_open", "dblink_send_query");

  private final CodeTokens t;
  private final boolean postgres;
  private final List<String> out;
  private final List<String> opaque;

  DynamicSqlFinder(CodeTokens tokens, SqlDialect dialect, List<String> out, List<String> opaque) {
    this.t = tokens;
    this.postgres = dialect == SqlDialect.POSTGRES;
    this.out = out;
    this.opaque = opaque;
  }

  void statement(int from, int to) {
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
      boolean query = name.equals("query") || name.startsWith("query_to_xml");
      boolean tableNames = name.equals("query_table") || name.equals("pragma_table_info")
          || name.equals("pragma_storage_info") || name.equals("pragma_show")
          || name.startsWith("table_to_xml") || name.startsWith("schema_to_xml");
      if (!query && !tableNames || i + 2 >= to) {
        continue;
      }
      if (t.isString(i + 2, to)) {
        add(i + 2);
      } else if (!query && t.isOperator(i + 2, to, '[') && t.isString(i + 3, to)) {
        for (int j = i + 3; t.isString(j, to); j += 2) {
          add(j);
          if (!t.isOperator(j + 1, to, ',')) {
            break;
          }
        }
      } else {
        opaque.add(t.sql().substring(t.start(i), t.end(i)) + "(...) of SQL computed at run time");
      }
    }
  }

  private String value(int i) {
    return SqlStrings.value(t.sql(), t.start(i), t.end(i), t.terminated(i));
  }

  private void add(int i) {
    out.add(value(i));
  }
}
