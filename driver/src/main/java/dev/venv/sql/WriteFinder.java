package dev.venv.sql;

import dev.venv.sql.Classification.WriteTarget;
import java.util.List;

/**
 * Finds the objects a statement changes. A verb counts only where a statement begins: at the
 * statement's start (after {@code EXPLAIN [ANALYZE]}, {@code PREPARE p AS}, opening parentheses
 * and a {@code WITH} list), or at the start of a parenthesized CTE body
 * ({@code AS [[NOT] MATERIALIZED] (}). Anywhere else {@code update}, {@code delete} or
 * {@code replace} is a column, an alias, a function or a clause of another statement
 * ({@code ON CONFLICT DO UPDATE}, {@code FOR UPDATE}, {@code WHEN MATCHED THEN DELETE}).
 *
 * <p>Each verb's grammar is checked as far as needed to find its target: {@code DELETE} needs
 * {@code FROM}, {@code UPDATE} needs {@code SET}. Backends reject the statement otherwise, so
 * the checks cost no missed write and keep a column named {@code delete} from looking like one.
 */
final class WriteFinder {

  /** How a name names its target. */
  private enum Target {
    /** {@code [[catalog.]schema.]table}. */
    OBJECT,
    /** {@code [catalog.]schema}: a schema-level target, table null. */
    SCHEMA,
    /** {@code [[catalog.]schema.]table.column}: the column's table is the target. */
    COLUMN,
    /** {@code name ON table}: a trigger, rule, policy or constraint; the table is the target. */
    ON_TABLE,
    /** Something without a table: a role, a database, an extension. */
    NONE
  }

  private final CodeTokens t;
  private final List<WriteTarget> out;
  /** Set by {@link #objectType}: the index after the object type's words. */
  private int afterType;

  WriteFinder(CodeTokens tokens, List<WriteTarget> out) {
    this.t = tokens;
    this.out = out;
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
          name("DELETE", only(i + 2, end), end, Target.OBJECT);
        }
        return;
      case "merge":
        if (t.isWord(i + 1, end, "into")) {
          name("MERGE", only(i + 2, end), end, Target.OBJECT);
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
        int as = t.find(i + 1, end, "as");
        if (as >= 0) {
          verb(as + 1, end, false);
        }
        break;
      }
      case "select":
        selectInto(i + 1, end);
        break;
      case "truncate":
        names("TRUNCATE", t.isWord(i + 1, end, "table") ? i + 2 : i + 1, end, Target.OBJECT);
        break;
      case "drop":
        drop(i + 1, end);
        break;
      case "alter":
        alter(i + 1, end);
        break;
      case "create":
        create(i + 1, end);
        break;
      case "copy":
        copy(i + 1, end);
        break;
      case "comment":
        comment(i + 1, end);
        break;
      case "grant":
        grant("GRANT", i + 1, end);
        break;
      case "revoke":
        grant("REVOKE", i + 1, end);
        break;
      case "refresh":
        if (t.isWord(i + 1, end, "materialized") && t.isWord(i + 2, end, "view")) {
          int j = t.isWord(i + 3, end, "concurrently") ? i + 4 : i + 3;
          name("REFRESH", j, end, Target.OBJECT);
        }
        break;
      default:
        break;
    }
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
      name("INSERT", i + 1, end, Target.OBJECT);
    }
  }

  /** {@code UPDATE [ONLY] t [*] [[AS] a] SET}; DuckDB's {@code UPDATE EXTENSIONS} has no SET. */
  private void update(int i, int end) {
    int name = only(i, end);
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
      name("UPDATE", name, end, Target.OBJECT);
    }
  }

  /** PostgreSQL's {@code SELECT … INTO [TEMP] [TABLE] new FROM …} creates a table. */
  private void selectInto(int i, int end) {
    int into = t.find(i, end, "into");
    if (into < 0) {
      return;
    }
    int j = into + 1;
    while (t.isWord(j, end, "temp") || t.isWord(j, end, "temporary")
        || t.isWord(j, end, "unlogged") || t.isWord(j, end, "table")) {
      j++;
    }
    name("CREATE", j, end, Target.OBJECT);
  }

  /** {@code DROP type [IF EXISTS] a [(args)], b … [CASCADE]}. */
  private void drop(int i, int end) {
    Target type = objectType(i, end);
    int j = afterType;
    if (t.isWord(j, end, "if") && t.isWord(j + 1, end, "exists")) {
      j += 2;
    }
    names("DROP", j, end, type);
  }

  /** {@code ALTER type [IF EXISTS] [ONLY] t …}. */
  private void alter(int i, int end) {
    Target type = objectType(i, end);
    if (type == Target.COLUMN) {
      return;
    }
    int j = afterType;
    if (t.isWord(j, end, "if") && t.isWord(j + 1, end, "exists")) {
      j += 2;
    }
    if (t.isWord(j, end, "all")) {
      return; // ALTER TABLE ALL IN TABLESPACE: moves storage, names no table
    }
    int next = name("ALTER", only(j, end), end, type);
    if (type == Target.OBJECT && next > 0) {
      // ALTER TABLE child [NO] INHERIT parent changes what reading parent returns.
      int inherit = t.find(next, end, "inherit");
      if (inherit >= 0) {
        name("ALTER", inherit + 1, end, Target.OBJECT);
      }
    }
  }

  /**
   * {@code CREATE [OR REPLACE] [TEMP|UNLOGGED|…] type [IF NOT EXISTS] name}; for an index,
   * trigger, rule or policy the target is the table it is created on.
   */
  private void create(int i, int end) {
    String verb = "CREATE";
    if (t.isWord(i, end, "or") && t.isWord(i + 1, end, "replace")) {
      verb = "CREATE OR REPLACE";
      i += 2;
    }
    while (isCreateModifier(i, end)) {
      i++;
    }
    boolean index = t.isWord(i, end, "index");
    boolean rule = t.isWord(i, end, "rule");
    Target type = objectType(i, end);
    int j = afterType;
    if (t.isWord(j, end, "if") && t.isWord(j + 1, end, "not") && t.isWord(j + 2, end, "exists")) {
      j += 3;
    }
    if (index || type == Target.ON_TABLE) {
      int on = t.find(j, end, "on");
      if (rule && on >= 0) {
        on = t.find(on + 1, end, "to"); // CREATE RULE r AS ON INSERT TO t
      }
      if (on >= 0) {
        name(verb, only(on + 1, end), end, Target.OBJECT);
      }
      if (rule) {
        ruleAction(j, end);
      }
      return;
    }
    // A SQL-standard body (BEGIN ATOMIC stmt; stmt; END) runs whenever the routine is called;
    // the statements after its first ';' are statements of their own here.
    int atomic = t.find(j, end, "atomic");
    if (atomic > j && t.isWord(atomic - 1, end, "begin")) {
      verb(atomic + 1, end, false);
    }
    if (type == Target.SCHEMA && t.isWord(j, end, "authorization")) {
      j++; // CREATE SCHEMA AUTHORIZATION joe creates schema joe
    }
    int next = name(verb, j, end, type);
    if (type == Target.OBJECT && next > 0) {
      // A partition or an inheriting child changes what reading its parent returns.
      int partition = t.find(next, end, "partition");
      if (partition >= 0 && t.isWord(partition + 1, end, "of")) {
        name(verb, partition + 2, end, Target.OBJECT);
      }
      int inherits = t.find(next, end, "inherits");
      if (inherits >= 0 && t.isOperator(inherits + 1, end, '(')) {
        names(verb, inherits + 2, t.close(inherits + 1), Target.OBJECT);
      }
    }
  }

  /**
   * {@code … DO [ALSO|INSTEAD] action}: a rule's action runs on every write to its table, so
   * its targets are written too. The commands after the first {@code ;} of a parenthesized
   * list are statements of their own here.
   */
  private void ruleAction(int i, int end) {
    int action = t.find(i, end, "do");
    if (action < 0) {
      return;
    }
    action++;
    if (t.isWord(action, end, "also") || t.isWord(action, end, "instead")) {
      action++;
    }
    verb(action, end, false);
  }

  private boolean isCreateModifier(int i, int end) {
    String word = t.keyword(i, end);
    if (word == null) {
      return false;
    }
    switch (word) {
      case "temp":
      case "temporary":
      case "unlogged":
      case "global":
      case "local":
      case "persistent":
      case "recursive":
      case "unique":
      case "constraint":
        return true;
      default:
        return false;
    }
  }

  /** {@code COPY t [(cols)] FROM …} writes; {@code COPY t TO}, {@code COPY (query) TO} read. */
  private void copy(int i, int end) {
    if (t.isWord(i, end, "from")) {
      return; // DuckDB's COPY FROM DATABASE a TO b: creates a whole catalog's tables in b
    }
    int j = t.nameEnd(i, end);
    if (j == i) {
      return;
    }
    if (t.isOperator(j, end, '(')) {
      j = t.close(j) + 1;
    }
    if (!t.isWord(j, end, "to")) {
      name("COPY", i, end, Target.OBJECT);
    }
  }

  /** {@code COMMENT ON type name IS …}. */
  private void comment(int i, int end) {
    if (!t.isWord(i, end, "on")) {
      return;
    }
    Target type = objectType(i + 1, end);
    int j = afterType;
    if (t.isWord(j, end, "if") && t.isWord(j + 1, end, "exists")) {
      j += 2;
    }
    name("COMMENT ON", j, end, type);
  }

  /**
   * {@code GRANT|REVOKE privileges ON [TABLE|SEQUENCE] a, b TO|FROM …}, and the schema-level
   * {@code ON SCHEMA s} and {@code ON ALL TABLES IN SCHEMA s}: privileges are part of an
   * object's definition.
   */
  private void grant(String verb, int i, int end) {
    int on = t.find(i, end, "on");
    if (on < 0) {
      return; // GRANT role TO user
    }
    int j = on + 1;
    if (t.isWord(j, end, "all")) {
      int schema = t.find(j, end, "schema");
      if (schema >= 0) {
        names(verb, schema + 1, end, Target.SCHEMA);
      }
      return;
    }
    if (t.isWord(j, end, "schema")) {
      names(verb, j + 1, end, Target.SCHEMA);
    } else if (t.isWord(j, end, "table") || t.isWord(j, end, "sequence")) {
      names(verb, j + 1, end, Target.OBJECT);
    } else if (!isNonTableGrantType(j, end)) {
      names(verb, j, end, Target.OBJECT);
    }
  }

  private boolean isNonTableGrantType(int i, int end) {
    String word = t.keyword(i, end);
    if (word == null) {
      return false;
    }
    switch (word) {
      case "database":
      case "domain":
      case "foreign":
      case "function":
      case "procedure":
      case "routine":
      case "language":
      case "large":
      case "parameter":
      case "tablespace":
      case "type":
        return true;
      default:
        return false;
    }
  }

  /**
   * Reads the object type words at {@code i} ({@code TABLE}, {@code MATERIALIZED VIEW},
   * {@code MACRO TABLE}, {@code INDEX CONCURRENTLY}, …), sets {@link #afterType} past them and
   * says how the name after them names the target.
   */
  private Target objectType(int i, int end) {
    afterType = i + 1;
    String word = t.keyword(i, end);
    if (word == null) {
      return Target.NONE;
    }
    switch (word) {
      case "table":
      case "view":
      case "sequence":
      case "type":
      case "function":
      case "procedure":
        return Target.OBJECT;
      case "index":
        if (t.isWord(i + 1, end, "concurrently")) {
          afterType++;
        }
        return Target.OBJECT;
      case "macro":
        if (t.isWord(i + 1, end, "table")) {
          afterType++;
        }
        return Target.OBJECT;
      case "materialized":
        afterType++;
        return t.isWord(i + 1, end, "view") ? Target.OBJECT : Target.NONE;
      case "foreign":
        afterType++;
        return t.isWord(i + 1, end, "table") ? Target.OBJECT : Target.NONE;
      case "schema":
        return Target.SCHEMA;
      case "column":
        return Target.COLUMN;
      case "trigger":
      case "rule":
      case "policy":
      case "constraint":
        return Target.ON_TABLE;
      default:
        return Target.NONE;
    }
  }

  /**
   * Reads a list {@code [ONLY] a [*] [(args)], …} of names from {@code i}, each a target, up to
   * the first token that continues none.
   */
  private void names(String verb, int i, int end, Target type) {
    while (true) {
      int j = name(verb, only(i, end), end, type);
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
  private int only(int i, int end) {
    if (!t.isWord(i, end, "only")) {
      return i;
    }
    return t.isOperator(i + 1, end, '(') ? i + 2 : i + 1;
  }

  /**
   * Adds the target named at {@code i}; returns the index after the name, or -1 when none
   * starts there.
   */
  private int name(String verb, int i, int end, Target type) {
    if (type == Target.ON_TABLE) {
      int on = t.find(i, end, "on");
      return on < 0 ? -1 : name(verb, only(on + 1, end), end, Target.OBJECT);
    }
    int next = t.nameEnd(i, end);
    if (next == i || type == Target.NONE) {
      return -1;
    }
    int last = next - 1;
    if (type == Target.COLUMN) {
      last -= 2;
      if (last < i) {
        return next;
      }
    }
    String schema;
    String table;
    if (type == Target.SCHEMA) {
      schema = t.identifier(last);
      table = null;
    } else {
      table = t.identifier(last);
      schema = last > i ? t.identifier(last - 2) : null;
    }
    out.add(new WriteTarget(verb, schema, table, t.start(i)));
    return next;
  }
}
