package dev.venv.sql;

import dev.venv.sql.WriteTargets.Kind;

/**
 * Reads the statements that change an object's definition — {@code CREATE}, {@code DROP},
 * {@code ALTER}, {@code COMMENT ON}, {@code GRANT}/{@code REVOKE} — for their targets.
 * {@link WriteFinder} decides where such a statement starts.
 */
final class DefinitionWrites {

  private final CodeTokens t;
  private final WriteTargets targets;
  /** Set by {@link #objectType}: the index after the object type's words. */
  private int afterType;

  DefinitionWrites(CodeTokens tokens, WriteTargets targets) {
    this.t = tokens;
    this.targets = targets;
  }

  /** {@code DROP type [IF EXISTS] a [(args)], b … [CASCADE]}, from the type. */
  void drop(int i, int end) {
    Kind kind = objectType(i, end);
    targets.names("DROP", ifExists(afterType, end), end, kind);
  }

  /** {@code ALTER type [IF EXISTS] [ONLY] t …}, from the type. */
  void alter(int i, int end) {
    Kind kind = objectType(i, end);
    if (kind == Kind.COLUMN) {
      return;
    }
    int j = ifExists(afterType, end);
    if (t.isWord(j, end, "all")) {
      return; // ALTER TABLE ALL IN TABLESPACE: moves storage, names no table
    }
    int next = targets.name("ALTER", targets.only(j, end), end, kind);
    if (next > 0) {
      // ALTER TABLE t SET SCHEMA s moves t into s: a write to s as much as a CREATE there.
      int set = t.find(next, end, "set");
      if (set >= 0 && t.isWord(set + 1, end, "schema")) {
        targets.name("ALTER", set + 2, end, Kind.SCHEMA);
      }
      // ALTER TABLE t RENAME TO u makes u (Trino's u may name another schema): a write to u as
      // much as a CREATE of it. RENAME COLUMN a TO b, RENAME a TO b rename within t.
      int rename = t.find(next, end, "rename");
      if (rename >= 0 && t.isWord(rename + 1, end, "to")) {
        targets.name("ALTER", rename + 2, end, kind);
      }
    }
    if (kind == Kind.OBJECT && next > 0) {
      // ALTER TABLE child [NO] INHERIT parent changes what reading parent returns.
      int inherit = t.find(next, end, "inherit");
      if (inherit >= 0) {
        targets.name("ALTER", inherit + 1, end, Kind.OBJECT);
      }
    }
  }

  /**
   * {@code CREATE [OR REPLACE] [TEMP|UNLOGGED|…] type [IF NOT EXISTS] name}, from after
   * {@code CREATE}; for an index, trigger, rule or policy the target is the table it is created
   * on.
   *
   * @return the index of a statement the created object runs later (a {@code BEGIN ATOMIC}
   *     body's first statement, a rule's action), for the caller to read; or -1
   */
  int create(int i, int end) {
    String verb = "CREATE";
    if (t.isWord(i, end, "or") && t.isWord(i + 1, end, "replace")) {
      verb = "CREATE OR REPLACE";
      i += 2;
    }
    while (isCreateModifier(i, end)) {
      if (t.isWord(i, end, "temp") || t.isWord(i, end, "temporary")) {
        verb += " TEMPORARY"; // lands in the session's temporary schema, not the current one
      }
      i++;
    }
    if (t.isWord(i, end, "statistics")) {
      // CREATE STATISTICS s [(kinds)] ON a, b FROM t: the planner's statistics of t change
      int from = t.find(i + 1, end, "from");
      if (from >= 0) {
        targets.name(verb, from + 1, end, Kind.OBJECT);
      }
      return -1;
    }
    boolean index = t.isWord(i, end, "index");
    boolean rule = t.isWord(i, end, "rule");
    Kind kind = objectType(i, end);
    int j = afterType;
    if (t.isWord(j, end, "if") && t.isWord(j + 1, end, "not") && t.isWord(j + 2, end, "exists")) {
      j += 3;
    }
    if (index || kind == Kind.ON_TABLE) {
      int on = t.find(j, end, "on");
      if (rule && on >= 0) {
        on = t.find(on + 1, end, "to"); // CREATE RULE r AS ON INSERT TO t
      }
      if (on >= 0) {
        targets.name(verb, targets.only(on + 1, end), end, Kind.OBJECT);
      }
      return rule ? ruleAction(j, end) : -1;
    }
    if (kind == Kind.SCHEMA && t.isWord(j, end, "authorization")) {
      j++; // CREATE SCHEMA AUTHORIZATION joe creates schema joe
    }
    int next = targets.name(verb, j, end, kind);
    if (kind == Kind.OBJECT && next > 0) {
      // A partition or an inheriting child changes what reading its parent returns.
      int partition = t.find(next, end, "partition");
      if (partition >= 0 && t.isWord(partition + 1, end, "of")) {
        targets.name(verb, partition + 2, end, Kind.OBJECT);
      }
      int inherits = t.find(next, end, "inherits");
      if (inherits >= 0 && t.isOperator(inherits + 1, end, '(')) {
        targets.names(verb, inherits + 2, t.close(inherits + 1), Kind.OBJECT);
      }
    }
    // A SQL-standard body (BEGIN ATOMIC stmt; stmt; END) runs whenever the routine is called;
    // the statements after its first ';' are statements of their own here.
    int atomic = t.find(j, end, "atomic");
    return atomic > j && t.isWord(atomic - 1, end, "begin") ? atomic + 1 : -1;
  }

  /**
   * {@code … DO [ALSO|INSTEAD] action}: a rule's action runs on every write to its table, so
   * its targets are written too. The commands after the first {@code ;} of a parenthesized
   * list are statements of their own here.
   */
  private int ruleAction(int i, int end) {
    int action = t.find(i, end, "do");
    if (action < 0) {
      return -1;
    }
    action++;
    if (t.isWord(action, end, "also") || t.isWord(action, end, "instead")) {
      action++;
    }
    return action;
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

  /** {@code COMMENT ON type name IS …}, from after {@code COMMENT}. */
  void comment(int i, int end) {
    if (t.isWord(i, end, "on")) {
      Kind kind = objectType(i + 1, end);
      targets.name("COMMENT ON", ifExists(afterType, end), end, kind);
    }
  }

  /**
   * {@code GRANT|REVOKE privileges ON [TABLE|SEQUENCE] a, b TO|FROM …}, and the schema-level
   * {@code ON SCHEMA s} and {@code ON ALL TABLES IN SCHEMA s}, from after the verb: privileges
   * are part of an object's definition.
   */
  void grant(String verb, int i, int end) {
    int on = t.find(i, end, "on");
    if (on < 0) {
      return; // GRANT role TO user
    }
    int j = on + 1;
    if (t.isWord(j, end, "all")) {
      int schema = t.find(j, end, "schema");
      if (schema >= 0) {
        targets.names(verb, schema + 1, end, Kind.SCHEMA);
      }
    } else if (t.isWord(j, end, "schema")) {
      targets.names(verb, j + 1, end, Kind.SCHEMA);
    } else if (t.isWord(j, end, "table") || t.isWord(j, end, "sequence")) {
      targets.names(verb, j + 1, end, Kind.OBJECT);
    } else if (!isNonTableGrantType(j, end)) {
      targets.names(verb, j, end, Kind.OBJECT);
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

  private int ifExists(int i, int end) {
    return t.isWord(i, end, "if") && t.isWord(i + 1, end, "exists") ? i + 2 : i;
  }

  /**
   * Reads the object type words at {@code i} ({@code TABLE}, {@code MATERIALIZED VIEW},
   * {@code MACRO TABLE}, {@code INDEX CONCURRENTLY}, …), sets {@link #afterType} past them and
   * says how the name after them designates the target.
   */
  private Kind objectType(int i, int end) {
    afterType = i + 1;
    String word = t.keyword(i, end);
    if (word == null) {
      return Kind.NONE;
    }
    switch (word) {
      case "table":
      case "view":
      case "sequence":
      case "type":
      case "function":
      case "procedure":
        return Kind.OBJECT;
      case "index":
        if (t.isWord(i + 1, end, "concurrently")) {
          afterType++;
        }
        return Kind.OBJECT;
      case "macro":
        if (t.isWord(i + 1, end, "table")) {
          afterType++;
        }
        return Kind.OBJECT;
      case "materialized":
        afterType++;
        return t.isWord(i + 1, end, "view") ? Kind.OBJECT : Kind.NONE;
      case "foreign":
        afterType++;
        return t.isWord(i + 1, end, "table") ? Kind.OBJECT : Kind.NONE;
      case "schema":
        return Kind.SCHEMA;
      case "column":
        return Kind.COLUMN;
      case "trigger":
      case "rule":
      case "policy":
      case "constraint":
        return Kind.ON_TABLE;
      default:
        return Kind.NONE;
    }
  }
}
