package dev.venv.sql;

import dev.venv.sql.Classification.SchemaReference;
import dev.venv.sql.Classification.WriteTarget;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Reads a SQL text's statements for what routing must know: writes and their targets, session
 * schema changes, SQL inside strings. Knows nothing of models: the caller decides which targets
 * are protected.
 *
 * <p>Pure token analysis, no parser: this runs on every miss of the driver's statement cache, and
 * a parser costs a hundred times the lexer (DESIGN.md). The text is lexed once, comments dropped
 * and cut into statements at every {@code ;}; each statement is then read by three finders:
 *
 * <ul>
 *   <li>{@link WriteFinder}: a write verb counts only where a statement begins, so a column or
 *       function named {@code update}, {@code replace} or {@code delete} is never a write, while
 *       DML in a CTE body, after {@code EXPLAIN [ANALYZE]} or in a later statement is.
 *   <li>{@link SessionSchemaFinder}: {@code USE}, {@code SET schema}, {@code SET search_path},
 *       {@code set_config('search_path', …)} and their resets.
 *   <li>{@link DynamicSqlFinder}: {@code DO} bodies, {@code EXECUTE IMMEDIATE}, SQL function
 *       bodies, DuckDB's {@code query} and {@code query_table}.
 * </ul>
 *
 * <p>Where the grammar leaves a doubt, the classifier reports a write rather than miss one: the
 * caller refuses only writes to protected names, so an extra target costs nothing on other names.
 */
public final class StatementClassifier {

  private static final Comparator<WriteTarget> TEXT_ORDER =
      Comparator.comparingInt(WriteTarget::start);

  private StatementClassifier() {}

  /**
   * Classifies every statement of {@code sql}.
   *
   * <p>Writes are listed in text order with the verbs of {@link WriteTarget}, plus
   * {@code GRANT}/{@code REVOKE} (privileges are part of an object's definition) and
   * {@code REFRESH} ({@code REFRESH MATERIALIZED VIEW} replaces its data). The target of
   * {@code CREATE INDEX}, {@code CREATE TRIGGER}, {@code CREATE RULE} and {@code CREATE POLICY}
   * is the table they are created on; {@code CREATE TABLE … PARTITION OF p} and
   * {@code INHERITS (p)} also target {@code p}; PostgreSQL's {@code SELECT … INTO t} is a
   * {@code CREATE} of {@code t}. {@code COPY t TO}, {@code VACUUM}, {@code ANALYZE},
   * {@code LOCK} and {@code SELECT … FOR UPDATE} are not writes.
   *
   * <p>Session schemas: each schema named by {@code USE [catalog.]s}, {@code SET schema},
   * {@code SET search_path} or {@code set_config('search_path', 'a, b', …)}, with the span of
   * its identifier or string token. Where one string holds a list (DuckDB's search_path,
   * set_config) or a {@code catalog.schema}, each schema's span lies inside the string, without
   * quotes. A statement that puts the setting back to its default ({@code RESET search_path},
   * {@code RESET schema}, {@code SET search_path TO DEFAULT}, {@code RESET ALL},
   * {@code DISCARD ALL}) is reported as one reference with schema {@code ""} spanning the
   * setting's name (or {@code ALL}): the caller must then treat the session schema as the
   * connection's default again.
   *
   * @param sql     the SQL text; may hold several statements, or be malformed
   * @param dialect the backend dialect
   * @return the classification; {@link Classification#NONE} when there is nothing to report
   */
  public static Classification classify(String sql, SqlDialect dialect) {
    return classify(SqlLexer.lex(sql, dialect), dialect);
  }

  /** Classifies the statements of an already lexed text. */
  public static Classification classify(SqlTokens lexed, SqlDialect dialect) {
    CodeTokens tokens = CodeTokens.of(lexed);
    List<WriteTarget> writes = new ArrayList<>(2);
    List<SchemaReference> sessionSchema = new ArrayList<>(0);
    List<String> dynamicSql = new ArrayList<>(0);
    List<String> opaque = new ArrayList<>(0);
    List<String> sweeping = new ArrayList<>(0);
    List<Classification.Statement> statements = new ArrayList<>(0);
    List<Classification.CatalogChange> catalogs = new ArrayList<>(0);
    List<String> definedFunctions = new ArrayList<>(0);
    List<String> routinePaths = new ArrayList<>(0);
    List<String> writtenFiles = new ArrayList<>(0);
    WriteFinder writeFinder = new WriteFinder(tokens, writes, sweeping, dialect);
    SessionSchemaFinder schemaFinder = new SessionSchemaFinder(tokens, dialect, sessionSchema);
    DynamicSqlFinder dynamicFinder = new DynamicSqlFinder(tokens, dialect, dynamicSql, opaque, sweeping,
        routinePaths);
    for (int k = 0; k < tokens.statements(); k++) {
      int from = tokens.from(k);
      int to = tokens.to(k);
      int first = writes.size();
      writeFinder.statement(from, to);
      if (writes.size() - first > 1) {
        // CTE bodies are read after the main statement but come before it in the text.
        writes.subList(first, writes.size()).sort(TEXT_ORDER);
      }
      int schemas = sessionSchema.size();
      boolean computed = schemaFinder.statement(from, to);
      dynamicFinder.statement(from, to);
      catalogsAndFunctions(tokens, from, to, catalogs, definedFunctions);
      writtenFile(tokens, from, to, writtenFiles);
      Classification.Statement facts = facts(tokens, from, to, sessionSchema.size() > schemas, computed);
      if (facts != null) {
        statements.add(facts);
      }
    }
    if (writes.isEmpty() && sessionSchema.isEmpty() && dynamicSql.isEmpty() && opaque.isEmpty()
        && sweeping.isEmpty() && statements.isEmpty() && catalogs.isEmpty() && definedFunctions.isEmpty()
        && routinePaths.isEmpty() && writtenFiles.isEmpty()) {
      return Classification.NONE;
    }
    return new Classification(writes, sessionSchema, dynamicSql, opaque, sweeping, statements, catalogs,
        definedFunctions, routinePaths, writtenFiles);
  }

  /** The file of {@code COPY … TO 'file'} (the query's parentheses skipped); null for one not written out. */
  private static void writtenFile(CodeTokens t, int from, int to, List<String> files) {
    if (!"copy".equals(t.keyword(from, to))) {
      return;
    }
    int target = t.find(from + 1, to, "to");
    if (target >= 0) {
      files.add(t.isString(target + 1, to)
          ? SqlStrings.value(t.sql(), t.start(target + 1), t.end(target + 1), t.terminated(target + 1)) : null);
    }
  }

  /**
   * What the statement {@code [from, to)} does to the session and beyond its targets, or
   * {@code null} when nothing.
   */
  private static Classification.Statement facts(CodeTokens t, int from, int to, boolean setsSchema,
      boolean computedSchema) {
    String verb = t.keyword(from, to);
    boolean endsTransaction = false;
    boolean runsCode = false;
    boolean cascade = false;
    if (verb != null) {
      switch (verb) {
        case "commit", "rollback", "abort", "end" -> endsTransaction = true;
        case "prepare" -> endsTransaction = t.isWord(from + 1, to, "transaction");
        // DO, CALL and EXECUTE run code the text does not show; ATTACH and DETACH move DuckDB's
        // current catalog; any of them may leave the session on another search path.
        case "do", "call", "execute", "attach", "detach" -> runsCode = true;
        case "drop", "alter", "truncate" -> cascade = containsWord(t, from + 1, to, "cascade");
        default -> { }
      }
    }
    // A function of the user's may set the search path (set_config inside it): PostgreSQL's
    // own functions live in pg_catalog, so a call qualified with another schema is read back.
    runsCode |= callsQualifiedFunction(t, from, to);
    boolean computed = computedSchema || endsTransaction || runsCode;
    boolean changes = setsSchema || computed;
    if (!changes && !cascade) {
      return null;
    }
    return new Classification.Statement(t.start(from), t.end(to - 1), changes, computed, endsTransaction, cascade);
  }

  /**
   * {@code ATTACH [DATABASE] [IF NOT EXISTS] 'path' [AS alias] [(TYPE t, …)]}, {@code DETACH [DATABASE] [IF EXISTS]
   * alias}, and the names of {@code CREATE [OR REPLACE] [TEMP] MACRO|FUNCTION [schema.]name}.
   */
  private static void catalogsAndFunctions(CodeTokens t, int from, int to, List<Classification.CatalogChange> catalogs,
      List<String> functions) {
    String verb = t.keyword(from, to);
    if ("attach".equals(verb) || "detach".equals(verb)) {
      int i = from + 1;
      if (t.isWord(i, to, "or") && t.isWord(i + 1, to, "replace")) {
        i += 2;
      }
      if (t.isWord(i, to, "database")) {
        i++;
      }
      while (t.isWord(i, to, "if") || t.isWord(i, to, "not") || t.isWord(i, to, "exists")) {
        i++;
      }
      if ("detach".equals(verb)) {
        catalogs.add(new Classification.CatalogChange(false, null, t.isIdentifier(i, to) ? t.identifier(i) : null,
            null));
        return;
      }
      String path = t.isString(i, to) ? SqlStrings.value(t.sql(), t.start(i), t.end(i), t.terminated(i)) : null;
      int as = t.find(i + 1, to, "as");
      String alias = as >= 0 && t.isIdentifier(as + 1, to) ? t.identifier(as + 1) : null;
      int type = -1; // in the options, inside their parentheses: (TYPE sqlite, READ_ONLY)
      for (int k = i + 1; k < to && type < 0; k++) {
        type = t.isWord(k, to, "type") ? k : -1;
      }
      String kind = type < 0 ? null : t.isIdentifier(type + 1, to) ? t.identifier(type + 1).toLowerCase(Locale.ROOT)
          : t.isString(type + 1, to) ? SqlStrings.value(t.sql(), t.start(type + 1), t.end(type + 1),
              t.terminated(type + 1)).toLowerCase(Locale.ROOT) : "?";
      catalogs.add(new Classification.CatalogChange(true, path, alias, kind));
    } else if ("create".equals(verb)) {
      int i = from + 1;
      if (t.isWord(i, to, "or") && t.isWord(i + 1, to, "replace")) {
        i += 2;
      }
      while (t.isWord(i, to, "temp") || t.isWord(i, to, "temporary")) {
        i++;
      }
      if (t.isWord(i, to, "macro") || t.isWord(i, to, "function")) {
        int end = t.nameEnd(i + 1, to);
        if (end > i + 1) {
          functions.add(t.identifier(end - 1));
        }
      }
    }
  }

  /**
   * {@code s.f(…)} with {@code s} not {@code pg_catalog}: a user's function, whatever it does. A
   * table's name before its column list ({@code INSERT INTO s.t (a, b)}, {@code CREATE TABLE s.t
   * (…)}, {@code COPY s.t (a) …}) or a routine being defined is no call.
   */
  private static boolean callsQualifiedFunction(CodeTokens t, int from, int to) {
    for (int i = from; i + 3 < to; i++) {
      if (t.isIdentifier(i, to) && t.isOperator(i + 3, to, '(') && t.isIdentifier(i + 2, to)
          && t.isDot(i + 1, to)
          // a dot before s: s.f( is part of a longer name; a number such as .5 is no dot
          && !t.isWord(i, to, "pg_catalog") && !(i > from && t.isDot(i - 1, to))
          && !(i > from && NOT_A_CALL_AFTER.contains(String.valueOf(t.keyword(i - 1, to))))) {
        return true;
      }
    }
    return false;
  }

  /** Words after which {@code s.t(} names a table with columns, or a routine defined, not a call. */
  private static final java.util.Set<String> NOT_A_CALL_AFTER = java.util.Set.of("into", "table", "view", "copy",
      "references", "function", "procedure", "routine", "aggregate", "type", "on", "exists", "only", "inherits",
      "of", "macro");

  private static boolean containsWord(CodeTokens t, int from, int to, String word) {
    for (int i = from; i < to; i++) {
      if (t.isWord(i, to, word)) {
        return true;
      }
    }
    return false;
  }
}
