package dev.venv.sql;

import java.util.List;

/**
 * What a SQL text does, as far as routing cares: the objects it writes, the session schema it
 * sets, and SQL it carries inside strings (which routing cannot rewrite).
 *
 * @param writes        every object a statement of the text would change, in text order
 * @param sessionSchema the schema names of a {@code USE s} / {@code SET schema = 's'} /
 *                      {@code SET search_path = a, b} statement, in order (empty when none)
 * @param dynamicSql    SQL text found inside strings that will be executed as SQL ({@code DO}
 *                      bodies, {@code EXECUTE IMMEDIATE}, DuckDB's {@code query('…')} and
 *                      {@code query_table('…')} arguments: table names), decoded
 * @param opaque        statements whose references cannot be known from the text, described
 *                      ({@code EXECUTE IMMEDIATE ?}, {@code query(?)}, {@code IMPORT DATABASE}):
 *                      routing refuses them rather than run them unrouted
 * @param sweeping      statements that change objects they do not name ({@code DROP OWNED},
 *                      {@code REASSIGN OWNED}), described: refused as writes
 * @param statements    the statements that change the session, end a transaction or cascade, in
 *                      text order
 * @param catalogs      databases attached or detached ({@code ATTACH}, {@code DETACH})
 * @param definedFunctions names of functions and macros the text creates, lower case, without schema:
 *                      one named like a built-in function would change what models compute
 * @param routinePaths  the schemas a created or altered function's own {@code SET search_path}
 *                      names, as written ({@code FROM CURRENT} as {@code null}): its bare names
 *                      resolve there whenever it is called
 * @param writtenFiles  the files a {@code COPY … TO} writes, as written ({@code null} for a path
 *                      computed at run time)
 */
public record Classification(List<WriteTarget> writes, List<SchemaReference> sessionSchema, List<String> dynamicSql,
    List<String> opaque, List<String> sweeping, List<Statement> statements, List<CatalogChange> catalogs,
    List<String> definedFunctions, List<String> routinePaths, List<String> writtenFiles) {
  public static final Classification NONE = new Classification(List.of(), List.of(), List.of(), List.of(), List.of(),
      List.of(), List.of(), List.of(), List.of(), List.of());

  public Classification {
    catalogs = List.copyOf(catalogs);
    definedFunctions = List.copyOf(definedFunctions);
    routinePaths = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(routinePaths)); // may hold null
    writtenFiles = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(writtenFiles)); // may hold null
    writes = List.copyOf(writes);
    sessionSchema = List.copyOf(sessionSchema);
    dynamicSql = List.copyOf(dynamicSql);
    opaque = List.copyOf(opaque);
    sweeping = List.copyOf(sweeping);
    statements = List.copyOf(statements);
  }

  /** Whether some statement may move the session's search path, so the backend must be asked after it. */
  public boolean changesSession() {
    for (Statement s : statements) {
      if (s.changesSession()) {
        return true;
      }
    }
    return false;
  }

  /**
   * A database attached to or detached from the session (DuckDB).
   *
   * @param attach {@code true} for {@code ATTACH}, {@code false} for {@code DETACH}
   * @param path   the attached file as written, or {@code null} (a detach, or a path computed at run time)
   * @param alias  the catalog name given ({@code AS x}) or detached, lower case, or {@code null}
   * @param type   the attach's {@code TYPE} option, lower case ({@code sqlite}, {@code postgres}), or
   *               {@code null} for none (a DuckDB file); {@code ?} when given but not readable
   */
  public record CatalogChange(boolean attach, String path, String alias, String type) {}

  /**
   * One statement that matters to the session or to safety; statements that do none of these
   * things are not listed.
   *
   * @param start           offset of its first token
   * @param end             offset just past its last token
   * @param changesSession  it may move the search path: {@code SET}, {@code RESET}, {@code USE},
   *                        {@code set_config}, {@code DO}, {@code CALL}, {@code EXECUTE}, a
   *                        transaction's end (which undoes or ends {@code SET LOCAL})
   * @param computed        the new search path cannot be read from the text ({@code DO},
   *                        {@code CALL}, a computed {@code set_config} or {@code SET}, a
   *                        transaction's end)
   * @param endsTransaction {@code COMMIT}, {@code ROLLBACK}, {@code ABORT}, {@code END}: runs even
   *                        in a failed transaction
   * @param cascade         a {@code DROP} or {@code ALTER} with {@code CASCADE}, which may drop
   *                        objects it does not name
   */
  public record Statement(int start, int end, boolean changesSession, boolean computed, boolean endsTransaction,
      boolean cascade) {}

  /**
   * An object a statement changes.
   *
   * @param verb    the statement's verb as the user would name it, upper case: {@code INSERT},
   *                {@code UPDATE}, {@code DELETE}, {@code MERGE}, {@code TRUNCATE}, {@code DROP},
   *                {@code ALTER}, {@code CREATE OR REPLACE}, {@code CREATE}, either with
   *                {@code TEMPORARY} after it for a temporary object, {@code COPY},
   *                {@code COMMENT ON}, {@code GRANT}, {@code REVOKE}, {@code REFRESH}
   * @param schema  the target's schema, unquoted and lower case, or {@code null} when unqualified
   * @param table   the target's name, unquoted and lower case; {@code null} for a schema-level
   *                target ({@code DROP SCHEMA s}, {@code ALTER SCHEMA s})
   * @param start   offset of the target name in the text
   */
  public record WriteTarget(String verb, String schema, String table, int start) {}

  /**
   * A schema named by a session-schema statement.
   *
   * @param schema unquoted, lower case; {@code ""} for a {@code RESET} (back to the default)
   * @param start  offset of its token in the text; for a name inside a list string
   *               ({@code 'a,b'}), offset of the name inside the string
   * @param end    end offset (exclusive): of the token, quotes included, or of the name in a string
   */
  public record SchemaReference(String schema, int start, int end) {}
}
