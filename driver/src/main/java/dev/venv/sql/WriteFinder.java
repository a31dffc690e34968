package dev.venv.sql;

import dev.venv.sql.Classification.WriteTarget;
import dev.venv.sql.WriteTargets.Kind;
import java.util.List;

/**
 * Finds the objects a statement changes. A verb counts only where a statement begins: at the
 * statement's start (after {@code EXPLAIN [ANALYZE]}, {@code PREPARE p AS}, Trino's
 * {@code PREPARE p FROM}, opening parentheses and a {@code WITH} list), at the start of a
 * parenthesized CTE body ({@code AS [[NOT] MATERIALIZED] (}), or where a created object's deferred
 * statement begins (a {@code BEGIN ATOMIC} body, a rule's action). Anywhere else {@code update},
 * {@code delete} or {@code replace} is a column, an alias, a function or a clause of another
 * statement ({@code ON CONFLICT DO UPDATE}, {@code FOR UPDATE}, {@code WHEN MATCHED THEN DELETE}).
 * Definition statements ({@code CREATE}, {@code DROP}, …) are read by {@link DefinitionWrites}.
 *
 * <p>Each verb's grammar is checked as far as needed to find its target: {@code DELETE} needs
 * {@code FROM}, {@code UPDATE} needs {@code SET}. Backends reject the statement otherwise, so
 * the checks cost no missed write and keep a column named {@code delete} from looking like one.
 */
final class WriteFinder {

  private final CodeTokens t;
  private final WriteTargets targets;
  private final DefinitionWrites definitions;
  private final List<String> sweeping;
  private final boolean trino;

  WriteFinder(CodeTokens tokens, List<WriteTarget> out, List<String> sweeping, SqlDialect dialect) {
    this.t = tokens;
    this.targets = new WriteTargets(tokens, out);
    this.definitions = new DefinitionWrites(tokens, targets);
    this.sweeping = sweeping;
    this.trino = dialect == SqlDialect.TRINO;
  }

  /** Adds the targets of the statement {@code [from, to)} to the output, in no set order. */
  void statement(int from, int to) {
    verb(from, to, false);
    cteBodies(from, to);
  }

  /**
   * Every {@code AS [[NOT] MATERIALIZED] (} in the statement, at any depth, opens a CTE body
   * (or a CTAS query, view body or column definition list, where no DML verb can follow).
   * Scanning for them all reaches nested {@code WITH} lists without parsing them.
   */
  private void cteBodies(int from, int to) {
    for (int i = from; i < to; i++) {
      if (!t.isWord(i, to, "as")) {
        continue;
      }
      int j = i + 1;
      if (t.isWord(j, to, "not")) {
        j++;
      }
      if (t.isWord(j, to, "materialized")) {
        j++;
      }
      if (t.isOperator(j, to, '(')) {
        verb(j + 1, t.close(j), true);
      }
    }
  }

  /**
   * Reads the statement starting at {@code i}. In a CTE body ({@code nested}) only what may
   * stand there is read, so that {@code f() AS (copy text)} is no {@code COPY}.
   */
  private void verb(int i, int end, boolean nested) {
    if (t.isOperator(i, end, '(')) {
      verb(i + 1, t.close(i), nested);
      return;
    }
    String verb = t.keyword(i, end);
    if (verb == null) {
      return;
    }
    switch (verb) {
      case "with":
        verb(afterWith(i + 1, end), end, nested);
        return;
      case "insert":
        insert(i + 1, end);
        return;
      case "update":
        update(i + 1, end);
        return;
      case "delete":
        if (t.isWord(i + 1, end, "from")) {
          targets.name("DELETE", targets.only(i + 2, end), end, Kind.OBJECT);
        }
        return;
      case "merge":
        if (t.isWord(i + 1, end, "into")) {
          targets.name("MERGE", targets.only(i + 2, end), end, Kind.OBJECT);
        }
        return;
      default:
        break;
    }
    if (nested) {
      return;
    }
    switch (verb) {
      case "explain":
        verb(afterExplain(i + 1, end), end, false);
        break;
      case "prepare": {
        // PREPARE name [(types)] AS statement (PostgreSQL, DuckDB); PREPARE name FROM statement
        // (Trino), whose EXECUTE then runs the write: the statement is read where it is prepared
        int j = t.isOperator(i + 2, end, '(') ? t.close(i + 2) + 1 : i + 2;
        if (t.isWord(j, end, "as") || t.isWord(j, end, "from")) {
          verb(j + 1, end, false);
        } else {
          int as = t.find(i + 1, end, "as");
          if (as >= 0) {
            verb(as + 1, end, false);
          }
        }
        break;
      }
      case "select":
        selectInto(i + 1, end);
        break;
      case "truncate":
        targets.names("TRUNCATE", t.isWord(i + 1, end, "table") ? i + 2 : i + 1, end, Kind.OBJECT);
        break;
      case "drop":
        if (t.isWord(i + 1, end, "owned")) {
          sweeping.add("DROP OWNED");
        } else {
          definitions.drop(i + 1, end);
        }
        break;
      case "call":
        trinoProcedure(i + 1, end);
        break;
      case "analyze":
        // Trino commits the statistics to the table, and asks for the insert privilege to
        if (trino) {
          targets.name("ANALYZE", i + 1, end, Kind.OBJECT);
        }
        break;
      case "reassign":
        if (t.isWord(i + 1, end, "owned")) {
          sweeping.add("REASSIGN OWNED");
        }
        break;
      case "alter":
        if (t.isWord(i + 1, end, "default") && t.isWord(i + 2, end, "privileges")) {
          // the privileges of objects not made yet: where the client is venv's owner, venv's next ones
          sweeping.add("ALTER DEFAULT PRIVILEGES");
        } else {
          definitions.alter(i + 1, end);
        }
        break;
      case "create": {
        int later = definitions.create(i + 1, end);
        if (later >= 0) {
          verb(later, end, false);
        }
        break;
      }
      case "copy":
        copy(i + 1, end);
        break;
      case "comment":
        definitions.comment(i + 1, end);
        break;
      case "grant":
        definitions.grant("GRANT", i + 1, end);
        break;
      case "revoke":
        definitions.grant("REVOKE", i + 1, end);
        break;
      case "refresh":
        if (t.isWord(i + 1, end, "materialized") && t.isWord(i + 2, end, "view")) {
          int j = t.isWord(i + 3, end, "concurrently") ? i + 4 : i + 3;
          targets.name("REFRESH", j, end, Kind.OBJECT);
        }
        break;
      default:
        break;
    }
  }

  /**
   * Trino's {@code CALL [catalog.][schema.]procedure(…)}: a connector's procedures (Iceberg's
   * {@code register_table}, {@code unregister_table}, {@code rollback_to_snapshot}, …) change the
   * tables their arguments name, and an argument may be computed ({@code replace('vxnv__s', 'x',
   * 'e')}), so no reading of the text bounds what they change. Only the procedures of Trino's own
   * catalog {@code system} ({@code system.runtime.kill_query}) touch no table.
   */
  private void trinoProcedure(int i, int end) {
    if (!trino) {
      return; // a PostgreSQL procedure runs as the client's role, which the database keeps off venv's objects
    }
    int nameEnd = t.nameEnd(i, end);
    if (nameEnd - i == 5 && t.identifier(i).equals("system")) {
      return;
    }
    sweeping.add("CALL " + (nameEnd > i ? t.sql().substring(t.start(i), t.end(nameEnd - 1)) : "of a procedure"));
  }

  /**
   * Skips {@code [RECURSIVE] name [(cols)] [USING KEY (…)] AS [[NOT] MATERIALIZED] (body)
   * [SEARCH …|CYCLE …], …} to the index of the main statement's verb. The bodies themselves
   * are read by {@link #cteBodies}.
   */
  private int afterWith(int i, int end) {
    if (t.isWord(i, end, "recursive")) {
      i++;
    }
    while (i < end) {
      int as = t.find(i, end, "as");
      if (as < 0) {
        return end;
      }
      int j = as + 1;
      if (t.isWord(j, end, "not")) {
        j++;
      }
      if (t.isWord(j, end, "materialized")) {
        j++;
      }
      if (!t.isOperator(j, end, '(')) {
        return end;
      }
      j = t.close(j) + 1;
      if (t.isWord(j, end, "search") || t.isWord(j, end, "cycle")) {
        // PostgreSQL's SEARCH … SET col / CYCLE … SET col USING path: to the next CTE or verb.
        while (j < end && !t.isOperator(j, end, ',') && !startsQuery(j, end)) {
          j = t.isOperator(j, end, '(') ? t.close(j) + 1 : j + 1;
        }
      }
      if (!t.isOperator(j, end, ',')) {
        return j;
      }
      i = j + 1;
    }
    return end;
  }

  private boolean startsQuery(int i, int end) {
    String word = t.keyword(i, end);
    if (word == null) {
      return false;
    }
    switch (word) {
      case "select":
      case "insert":
      case "update":
      case "delete":
      case "merge":
      case "values":
      case "table":
      case "from":
      case "with":
        return true;
      default:
        return false;
    }
  }

  /** Skips {@code ANALYZE}, {@code VERBOSE} and an option list {@code (ANALYZE, …)}. */
  private int afterExplain(int i, int end) {
    while (i < end) {
      if (t.isWord(i, end, "analyze") || t.isWord(i, end, "analyse")
          || t.isWord(i, end, "verbose")) {
        i++;
      } else if (t.isOperator(i, end, '(') && !startsQuery(i + 1, end)) {
        i = t.close(i) + 1;
      } else {
        return i;
      }
    }
    return i;
  }

  /** {@code INSERT [OR REPLACE|OR IGNORE] INTO t}. */
  private void insert(int i, int end) {
    if (t.isWord(i, end, "or")) {
      i += 2;
    }
    if (t.isWord(i, end, "into")) {
      targets.name("INSERT", i + 1, end, Kind.OBJECT);
    }
  }

  /** {@code UPDATE [ONLY] t [*] [[AS] a] SET}; DuckDB's {@code UPDATE EXTENSIONS} has no SET. */
  private void update(int i, int end) {
    int name = targets.only(i, end);
    int j = t.nameEnd(name, end);
    if (j == name) {
      return;
    }
    if (t.isOperator(j, end, '*')) {
      j++;
    }
    if (t.isWord(j, end, "as")) {
      j++;
    }
    if (t.isIdentifier(j, end) && !t.isWord(j, end, "set")) {
      j++;
    }
    if (t.isWord(j, end, "set")) {
      targets.name("UPDATE", name, end, Kind.OBJECT);
    }
  }

  /** PostgreSQL's {@code SELECT … INTO [TEMP] [TABLE] new FROM …} creates a table. */
  private void selectInto(int i, int end) {
    int into = t.find(i, end, "into");
    if (into < 0) {
      return;
    }
    int j = into + 1;
    String verb = "CREATE";
    while (t.isWord(j, end, "temp") || t.isWord(j, end, "temporary")
        || t.isWord(j, end, "unlogged") || t.isWord(j, end, "table")) {
      verb = t.isWord(j, end, "temp") || t.isWord(j, end, "temporary") ? "CREATE TEMPORARY" : verb;
      j++;
    }
    targets.name(verb, j, end, Kind.OBJECT);
  }

  /**
   * {@code COPY t [(cols)] FROM …} writes; {@code COPY t TO} reads, and so does
   * {@code COPY (query) TO} — unless the query is DML, which PostgreSQL runs ({@code RETURNING}).
   */
  private void copy(int i, int end) {
    if (t.isWord(i, end, "from")) {
      return; // DuckDB's COPY FROM DATABASE a TO b: creates a whole catalog's tables in b
    }
    if (t.isOperator(i, end, '(')) {
      verb(i + 1, t.close(i), true);
      return;
    }
    int j = t.nameEnd(i, end);
    if (j == i) {
      return;
    }
    if (t.isOperator(j, end, '(')) {
      j = t.close(j) + 1;
    }
    if (!t.isWord(j, end, "to")) {
      targets.name("COPY", i, end, Kind.OBJECT);
    }
  }
}
