package dev.venv.sql;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The names a {@link NameResolver} routes in one SQL text, in source order, as parallel arrays:
 * the rewriter only needs spans and replacements, so no object is made per match.
 *
 * <p>Qualified names are found in dotted chains: maximal runs of identifiers (WORD or
 * QUOTED_IDENTIFIER) joined by DOT tokens, with comments allowed anywhere between. In a chain
 * {@code p0.p1[.p2…]}, {@code p0.p1} is tried first ({@code schema.table},
 * {@code schema.table.col}); with three or more parts, {@code p1.p2} next
 * ({@code cat.schema.table}). A splice wins over a refusal, so a catalog-qualified model is
 * routed even where its first two parts look like venv's. A chain that follows a DOT after
 * something other than an identifier ({@code (rec).staging.orders}) counts that something as its
 * first part, so it is matched like a catalog-qualified name.
 *
 * <p>Unqualified names are asked of the resolver only in table positions — after {@code FROM},
 * {@code JOIN}, {@code USING}, {@code UPDATE}, in a FROM list, after {@code TABLE}, DuckDB's
 * {@code DESCRIBE}/{@code SUMMARIZE}/{@code SHOW}/{@code PIVOT} and {@code COPY} — and never for
 * a name its statement defines as a CTE.
 *
 * <p>Statements that store a query to run later ({@code CREATE VIEW}, {@code MACRO},
 * {@code FUNCTION}, a table's definition) are marked: their references must bind to the
 * environment's views, which live as long as the environment, not to physical objects the janitor
 * may drop.
 */
final class ReferenceScan {

  /** A reference that is a table in a FROM list: its physical name keeps the implicit alias. */
  static final byte TABLE_WITHOUT_ALIAS = 1;
  /** A reference that qualifies a column ({@code schema.table.col}): the table's alias stands in. */
  static final byte COLUMN_QUALIFIER = 2;

  private static final Set<String> NOT_AN_ALIAS = Set.of(
      "where", "join", "inner", "left", "right", "full", "outer", "cross", "natural", "on", "using", "group",
      "order", "having", "qualify", "window", "limit", "offset", "union", "except", "intersect", "select", "fetch",
      "for", "positional", "asof", "anti", "semi", "pivot", "unpivot", "tablesample", "returning", "lateral",
      "with", "set", "values", "into", "when", "then", "else", "end", "and", "or", "not", "is", "in", "between",
      "like", "ilike", "by", "do", "default", "from", "to", "sample", "at", "glob", "similar");
  /** Keywords that end a FROM clause, walking back from a reference. */
  private static final String[] CLAUSE_LIST = {
      "select", "where", "group", "order", "having", "qualify", "window", "limit", "offset", "on", "using",
      "set", "values", "returning", "into", "by", "union", "except", "intersect", "with", "pivot", "unpivot"};
  /** Words that may follow FROM or JOIN without being a table's name. */
  private static final Set<String> NOT_A_TABLE = Set.of("lateral", "only", "values", "unnest", "select", "with");
  /** Statement verbs after which the first name is a table read (DuckDB's and PostgreSQL's). */
  private static final Set<String> TABLE_VERBS = Set.of(
      "describe", "summarize", "show", "pivot", "unpivot", "pivot_wider", "pivot_longer", "copy", "table", "from");
  /** Object types whose CREATE stores a query that runs later. */
  private static final Set<String> DEFINITIONS = Set.of("view", "macro", "function", "procedure", "rule", "trigger");

  private int count;
  private int[] starts = new int[8];
  private int[] ends = new int[8];
  private ModelIndex.Target[] targets = new ModelIndex.Target[8];
  private byte[] roles = new byte[8];
  /** The table identifier as written: the alias a physical name must keep. */
  private int[] tableStarts = new int[8];
  private int[] tableEnds = new int[8];
  /** Whether the reference is in a statement that stores it (bind to views, not physical objects). */
  private boolean[] stored = new boolean[8];
  /**
   * Whether the reference is in a definition that outlives the session (a view, macro, function,
   * rule or trigger not {@code TEMPORARY}): every connection that uses it reads what it names.
   */
  private boolean[] persisted = new boolean[8];
  /** The first name the resolver refused; the text must not run. */
  private Refusal refusal;

  private ReferenceScan() {
  }

  /** Scans {@code tokens}; returns null when nothing matches, the common case for most SQL. */
  static ReferenceScan of(SqlTokens tokens, NameResolver resolver) {
    return new Walk(tokens, resolver).run();
  }

  int count() {
    return count;
  }

  int start(int k) {
    return starts[k];
  }

  int end(int k) {
    return ends[k];
  }

  ModelIndex.Target target(int k) {
    return targets[k];
  }

  byte role(int k) {
    return roles[k];
  }

  int tableStart(int k) {
    return tableStarts[k];
  }

  int tableEnd(int k) {
    return tableEnds[k];
  }

  boolean stored(int k) {
    return stored[k];
  }

  boolean persisted(int k) {
    return persisted[k];
  }

  /**
   * {@code sql} with every reference replaced: by the stored replacement in statements that store
   * their query, else by the replacement; a table without an alias keeps its implicit one, a
   * column qualifier becomes that alias.
   */
  String splice(String sql) {
    StringBuilder out = new StringBuilder(sql.length() + 48 * count);
    int copied = 0;
    for (int k = 0; k < count; k++) {
      out.append(sql, copied, starts[k]).append(replacementText(sql, k));
      copied = ends[k];
    }
    return out.append(sql, copied, sql.length()).toString();
  }

  /** The text that replaces reference {@code k}, up to {@link #end(int)}. */
  String replacementText(String sql, int k) {
    ModelIndex.Target target = targets[k];
    String replacement = stored[k] ? target.storedReplacement() : target.replacement();
    return switch (roles[k]) {
      // the table in FROM carries the model's table name as its alias (below)
      case COLUMN_QUALIFIER -> alias(sql, k);
      // keep the implicit alias a client's SQL may use: FROM marts.orders → … AS "orders"
      case TABLE_WITHOUT_ALIAS -> replacement + " AS " + alias(sql, k);
      default -> replacement;
    };
  }

  private String alias(String sql, int k) {
    int start = tableStarts[k];
    boolean quoted = sql.charAt(start) == '"' || sql.regionMatches(true, start, "u&\"", 0, 3);
    return TokenNames.alias(sql, start, tableEnds[k], quoted);
  }

  /** The refusal of the text, or {@code null} when every name it routes is allowed. */
  Refusal refusal() {
    return refusal;
  }

  /** One pass over the tokens, with what it knows of the statement it is in. */
  private static final class Walk {
    private final SqlTokens tokens;
    private final NameResolver resolver;
    private final boolean bare;
    private ReferenceScan scan;
    /** First token of the current statement, and whether its shape was read yet. */
    private int statementStart;
    private boolean statementRead;
    private boolean statementStores;
    private boolean statementPersists;
    /** The CTE names of the current statement, read on the first unqualified name that needs them. */
    private Set<String> cteNames;
    /** The aliases the current statement gives its tables, read on the first qualified name that needs them. */
    private Set<String> aliases;
    /** Per comma: whether what follows it is in a FROM list (0 not known yet); see {@link #inFromList}. */
    private byte[] fromListMemo;

    private byte[] fromListMemo() {
      if (fromListMemo == null) {
        fromListMemo = new byte[tokens.size()];
      }
      return fromListMemo;
    }

    Walk(SqlTokens tokens, NameResolver resolver) {
      this.tokens = tokens;
      this.resolver = resolver;
      this.bare = resolver.resolvesBareNames();
    }

    ReferenceScan run() {
      int size = tokens.size();
      TokenKind previous = null;
      int i = 0;
      while (i < size) {
        TokenKind kind = tokens.kind(i);
        if (kind == TokenKind.COMMENT) {
          i++;
          continue;
        }
        if (!isIdentifier(kind)) {
          if (kind == TokenKind.OPERATOR && isOperator(tokens, i, ';')) {
            statementStart = i + 1;
            statementRead = false;
            cteNames = null;
            aliases = null;
          }
          previous = kind;
          i++;
          continue;
        }
        // i starts a maximal chain: had an identifier preceded the DOT, we would be inside it.
        boolean opaqueHead = previous == TokenKind.DOT;
        int p1 = -1;
        int p2 = -1;
        int parts = 1;
        int last = i;
        int j = nextSignificant(tokens, i + 1);
        while (j < size && tokens.kind(j) == TokenKind.DOT) {
          int part = nextSignificant(tokens, j + 1);
          if (part >= size || !isIdentifier(tokens.kind(part))) {
            break;
          }
          if (++parts == 2) {
            p1 = part;
          } else if (parts == 3) {
            p2 = part;
          }
          last = part;
          j = nextSignificant(tokens, part + 1);
        }
        if (parts >= 2) {
          qualified(i, p1, p2, parts, last, j, opaqueHead);
        } else if (bare && !opaqueHead) {
          unqualified(i, j);
        }
        if (scan != null && scan.refusal != null) {
          return scan;
        }
        previous = tokens.kind(last);
        i = last + 1;
      }
      return scan;
    }

    private void qualified(int i, int p1, int p2, int parts, int last, int j, boolean opaqueHead) {
      int schema = -1;
      int table = -1;
      Object resolved = null;
      Refusal refused = null;
      if (!opaqueHead && isAliasChain(i, p1, parts)) {
        // FROM (…) AS marts … marts.total, or t.marts.orders: outside a table position, a chain
        // that starts with a name the statement gives a table is a column of that table
        return;
      }
      if (!opaqueHead) {
        resolved = resolver.qualified(tokens, i, p1);
        schema = i;
        table = p1;
        if (resolved instanceof Refusal r) {
          refused = r;
          resolved = null;
        }
      }
      if (resolved == null && (parts >= 3 || opaqueHead)) {
        int s = opaqueHead ? i : p1;
        int t = opaqueHead ? p1 : p2;
        Object second = resolver.qualified(tokens, s, t);
        if (second instanceof ModelIndex.Target) {
          resolved = second;
          schema = s;
          table = t;
        } else if (refused == null && second instanceof Refusal r) {
          refused = r;
        }
      }
      if (resolved == null) {
        if (refused != null) {
          scan().refusal = refused;
        }
        return;
      }
      byte role = 0;
      // cat.schema.table: the replacement names its own catalog, so the written one goes too
      int start = schema != i && !opaqueHead ? tokens.start(i) : tokens.start(schema);
      // a part after the table, or a DOT before a non-identifier (schema.table.*), makes it a qualifier
      if (last != table || j < tokens.size() && tokens.kind(j) == TokenKind.DOT) {
        role = COLUMN_QUALIFIER;
      } else if (inFromList(tokens, i, fromListMemo()) && endsTableReference(tokens, table)) {
        role = TABLE_WITHOUT_ALIAS;
      }
      add(start, tokens.end(table), (ModelIndex.Target) resolved, role, table);
    }

    /**
     * Whether the chain at {@code i} names a column through a table alias of its statement. Only
     * asked when its first parts could be venv's (a model, a refusal), so the common column
     * reference {@code o.amount} never pays for reading the statement's aliases.
     */
    private boolean isAliasChain(int i, int p1, int parts) {
      boolean venvs = resolver.qualified(tokens, i, p1) != null
          || parts >= 3 && resolver.qualified(tokens, p1, nextPart(p1)) != null;
      return venvs && !inTablePosition(i) && aliases().contains(TokenNames.name(tokens, i));
    }

    /** The identifier after {@code part}'s DOT. */
    private int nextPart(int part) {
      return nextSignificant(tokens, nextSignificant(tokens, part + 1) + 1);
    }

    /** An unqualified name at {@code i}, {@code next} the token after it. */
    private void unqualified(int i, int next) {
      if (next < tokens.size() && (tokens.kind(next) == TokenKind.DOT || isOperator(tokens, next, '('))) {
        return; // a function call, or a chain broken by something the lexer could not join
      }
      if (!inTablePosition(i) || NOT_A_TABLE.contains(tokens.text(i).toLowerCase(Locale.ROOT))) {
        return;
      }
      Object resolved = resolver.bare(tokens, i);
      if (resolved == null) {
        return;
      }
      if (cteNames().contains(TokenNames.name(tokens, i))) {
        return; // WITH orders AS (…) SELECT … FROM orders: the CTE, not the model
      }
      if (resolved instanceof Refusal r) {
        scan().refusal = r;
        return;
      }
      // TABLE t, the query, takes no alias
      int before = previousSignificant(tokens, i - 1);
      boolean tableQuery = before >= 0 && isWord(tokens, before, "table");
      byte role = endsTableReference(tokens, i) && !tableQuery ? TABLE_WITHOUT_ALIAS : 0;
      add(tokens.start(i), tokens.end(i), (ModelIndex.Target) resolved, role, i);
    }

    private boolean inTablePosition(int i) {
      int k = previousSignificant(tokens, i - 1);
      if (k < 0) {
        return false;
      }
      if (tokens.kind(k) == TokenKind.OPERATOR) {
        return isOperator(tokens, k, ',') && inFromList(tokens, i, fromListMemo());
      }
      if (tokens.kind(k) != TokenKind.WORD) {
        return false;
      }
      if (isWord(tokens, k, "from") || isWord(tokens, k, "join") || isWord(tokens, k, "using")
          || isWord(tokens, k, "update")) {
        return true;
      }
      if (isWord(tokens, k, "only")) { // FROM ONLY t, UPDATE ONLY t
        int before = previousSignificant(tokens, k - 1);
        return before >= 0 && (isWord(tokens, before, "from") || isWord(tokens, before, "join")
            || isWord(tokens, before, "update"));
      }
      if (isWord(tokens, k, "table")) { // TABLE t as a query, not CREATE/DROP/ALTER TABLE t
        int before = previousSignificant(tokens, k - 1);
        return before < statementStart || isOperator(tokens, before, '(') || isWord(tokens, before, "union")
            || isWord(tokens, before, "intersect") || isWord(tokens, before, "except")
            || isWord(tokens, before, "all") || isWord(tokens, before, "distinct");
      }
      return previousSignificant(tokens, k - 1) < statementStart
          && TABLE_VERBS.contains(tokens.text(k).toLowerCase(Locale.ROOT));
    }

    private ReferenceScan scan() {
      if (scan == null) {
        scan = new ReferenceScan();
      }
      return scan;
    }

    private void add(int start, int end, ModelIndex.Target target, byte role, int table) {
      boolean stores = stores();
      scan().add(start, end, target, role, tokens.start(table), tokens.end(table), stores, stores && statementPersists);
    }

    /** Whether the current statement stores its query: CREATE VIEW, MACRO, FUNCTION, a table definition. */
    private boolean stores() {
      if (statementRead) {
        return statementStores;
      }
      statementRead = true;
      statementStores = false;
      statementPersists = false;
      boolean temporary = false;
      int k = nextSignificant(tokens, statementStart);
      if (k >= tokens.size() || !isWord(tokens, k, "create")) {
        return false;
      }
      for (k = nextSignificant(tokens, k + 1); k < tokens.size(); k = nextSignificant(tokens, k + 1)) {
        if (tokens.kind(k) != TokenKind.WORD) {
          return false;
        }
        String word = tokens.text(k).toLowerCase(Locale.ROOT);
        temporary |= word.equals("temp") || word.equals("temporary");
        if (DEFINITIONS.contains(word)) {
          statementStores = true;
          statementPersists = !temporary;
          return true;
        }
        if (word.equals("table")) {
          // CREATE TABLE t AS SELECT copies rows; CREATE TABLE t (…) keeps its definition
          statementStores = !hasTopLevelAs(k + 1);
          return statementStores;
        }
      }
      return false;
    }

    private boolean hasTopLevelAs(int from) {
      int depth = 0;
      for (int k = from; k < tokens.size(); k++) {
        TokenKind kind = tokens.kind(k);
        if (kind == TokenKind.OPERATOR) {
          if (isOperator(tokens, k, ';')) {
            return false;
          } else if (isOperator(tokens, k, '(')) {
            depth++;
          } else if (isOperator(tokens, k, ')')) {
            depth--;
          }
        } else if (depth == 0 && kind == TokenKind.WORD && isWord(tokens, k, "as")) {
          return true;
        }
      }
      return false;
    }

    /**
     * The names the current statement gives its tables: an identifier after {@code AS}, or right
     * after a table in a FROM list ({@code FROM marts.orders o}). Column aliases come along; that
     * only matters for a chain outside a table position, which cannot read a table by itself.
     */
    private Set<String> aliases() {
      if (aliases != null) {
        return aliases;
      }
      aliases = new HashSet<>();
      int size = tokens.size();
      int previous = -1;
      for (int k = nextSignificant(tokens, statementStart); k < size; k = nextSignificant(tokens, k + 1)) {
        TokenKind kind = tokens.kind(k);
        if (kind == TokenKind.OPERATOR && isOperator(tokens, k, ';')) {
          break;
        }
        if (isIdentifier(kind) && previous >= 0) {
          boolean afterAs = isWord(tokens, previous, "as");
          boolean afterTable = isIdentifier(tokens.kind(previous)) && !isWord(tokens, previous, "as")
              && !NOT_AN_ALIAS.contains(tokens.text(k).toLowerCase(Locale.ROOT)) && endsChainInFromList(previous);
          if (afterAs || afterTable) {
            aliases.add(TokenNames.name(tokens, k));
          }
        }
        previous = k;
      }
      return aliases;
    }

    /** Whether the identifier at {@code k} ends a name that is an item of a FROM list. */
    private boolean endsChainInFromList(int k) {
      int first = k;
      for (int d = previousSignificant(tokens, first - 1); d >= 0 && tokens.kind(d) == TokenKind.DOT;
          d = previousSignificant(tokens, first - 1)) {
        int part = previousSignificant(tokens, d - 1);
        if (part < 0 || !isIdentifier(tokens.kind(part))) {
          break;
        }
        first = part;
      }
      return inFromList(tokens, first, fromListMemo());
    }

    /**
     * The names the current statement defines as CTEs: an identifier after {@code WITH},
     * {@code RECURSIVE} or a comma, then an optional column list, then {@code AS}, optionally
     * {@code [NOT] MATERIALIZED}, then {@code (}. Scope is ignored: a name defined anywhere in the
     * statement is never routed, which leaves it to the backend to resolve, through the
     * environment's own view schema.
     */
    private Set<String> cteNames() {
      if (cteNames != null) {
        return cteNames;
      }
      cteNames = new HashSet<>();
      int size = tokens.size();
      for (int k = nextSignificant(tokens, statementStart); k < size; k = nextSignificant(tokens, k + 1)) {
        if (tokens.kind(k) == TokenKind.OPERATOR && isOperator(tokens, k, ';')) {
          break;
        }
        if (!isIdentifier(tokens.kind(k))) {
          continue;
        }
        int before = previousSignificant(tokens, k - 1);
        if (before < 0 || !(isWord(tokens, before, "with") || isWord(tokens, before, "recursive")
            || isOperator(tokens, before, ','))) {
          continue;
        }
        int j = nextSignificant(tokens, k + 1);
        if (j < size && isOperator(tokens, j, '(')) {
          j = skipParentheses(j);
        }
        if (j >= size || !isWord(tokens, j, "as")) {
          continue;
        }
        j = nextSignificant(tokens, j + 1);
        if (j < size && isWord(tokens, j, "not")) {
          j = nextSignificant(tokens, j + 1);
        }
        if (j < size && isWord(tokens, j, "materialized")) {
          j = nextSignificant(tokens, j + 1);
        }
        if (j < size && isOperator(tokens, j, '(')) {
          cteNames.add(TokenNames.name(tokens, k));
        }
      }
      return cteNames;
    }

    /** The token after the {@code )} matching the {@code (} at {@code open}. */
    private int skipParentheses(int open) {
      int depth = 0;
      for (int k = open; k < tokens.size(); k++) {
        if (tokens.kind(k) != TokenKind.OPERATOR) {
          continue;
        }
        if (isOperator(tokens, k, '(')) {
          depth++;
        } else if (isOperator(tokens, k, ')') && --depth == 0) {
          return nextSignificant(tokens, k + 1);
        } else if (isOperator(tokens, k, ';')) {
          return k;
        }
      }
      return tokens.size();
    }
  }

  /**
   * Whether the chain starting at token {@code i} is an item of a FROM list: right after FROM or
   * a JOIN, or after a comma of a FROM clause (found by walking back over the clause at this depth).
   */
  private static final byte IN_FROM_LIST = 1;
  private static final byte NOT_IN_FROM_LIST = 2;

  /**
   * Whether token {@code i} stands in a FROM list: right after {@code FROM} or {@code JOIN}, or
   * after a comma of a list that a {@code FROM} opened. {@code memo} keeps the answer per comma:
   * a select list of many columns would otherwise walk back to its {@code SELECT} once per column.
   */
  private static boolean inFromList(SqlTokens tokens, int i, byte[] memo) {
    int k = previousSignificant(tokens, i - 1);
    if (k < 0) {
      return false;
    }
    if (tokens.kind(k) == TokenKind.WORD) {
      return isWord(tokens, k, "from") || isWord(tokens, k, "join");
    }
    if (tokens.kind(k) != TokenKind.OPERATOR || !isOperator(tokens, k, ',')) {
      return false;
    }
    if (memo[k] == 0) {
      memo[k] = commaInFromList(tokens, k, memo) ? IN_FROM_LIST : NOT_IN_FROM_LIST;
    }
    return memo[k] == IN_FROM_LIST;
  }

  private static boolean commaInFromList(SqlTokens tokens, int comma, byte[] memo) {
    int depth = 0;
    for (int j = previousSignificant(tokens, comma - 1); j >= 0; j = previousSignificant(tokens, j - 1)) {
      TokenKind kind = tokens.kind(j);
      if (kind == TokenKind.OPERATOR) {
        if (isOperator(tokens, j, ')')) {
          depth++;
        } else if (isOperator(tokens, j, '(')) {
          if (depth-- == 0) {
            return false;
          }
        } else if (isOperator(tokens, j, ';')) {
          return false;
        } else if (depth == 0 && memo[j] != 0) {
          return memo[j] == IN_FROM_LIST; // an earlier comma of the same list
        }
      } else if (depth == 0 && kind == TokenKind.WORD) {
        if (isWord(tokens, j, "from") || isWord(tokens, j, "join")) {
          return true;
        }
        if (isClause(tokens, j)) {
          return false;
        }
      }
    }
    return false;
  }

  // In place, without a String per token: this walk runs for every reference after a comma.
  private static boolean isWord(SqlTokens tokens, int k, String word) {
    int start = tokens.start(k);
    return tokens.kind(k) == TokenKind.WORD && tokens.end(k) - start == word.length()
        && tokens.source().regionMatches(true, start, word, 0, word.length());
  }

  private static boolean isOperator(SqlTokens tokens, int k, char c) {
    return tokens.end(k) - tokens.start(k) == 1 && tokens.source().charAt(tokens.start(k)) == c;
  }

  private static boolean isClause(SqlTokens tokens, int k) {
    int length = tokens.end(k) - tokens.start(k);
    if (length < 2 || length > 9) {
      return false;
    }
    for (String clause : CLAUSE_LIST) {
      if (clause.length() == length && isWord(tokens, k, clause)) {
        return true;
      }
    }
    return false;
  }

  private static int previousSignificant(SqlTokens tokens, int i) {
    while (i >= 0 && tokens.kind(i) == TokenKind.COMMENT) {
      i--;
    }
    return i;
  }

  /**
   * Whether the FROM-list table ending at token {@code table} ends there without an alias, so
   * that {@code AS <table>} can follow: at the end of the text, before {@code , ) ;}, or before a
   * clause keyword. Anything else (an alias, an operator such as {@code ::}) is left alone.
   */
  private static boolean endsTableReference(SqlTokens tokens, int table) {
    int next = nextSignificant(tokens, table + 1);
    if (next >= tokens.size()) {
      return true;
    }
    String text = tokens.text(next);
    return switch (tokens.kind(next)) {
      case OPERATOR -> text.equals(",") || text.equals(")") || text.equals(";");
      case WORD -> NOT_AN_ALIAS.contains(text.toLowerCase(Locale.ROOT));
      default -> false;
    };
  }

  private void add(int start, int end, ModelIndex.Target target, byte role, int tableStart, int tableEnd,
      boolean storedReference, boolean persistedReference) {
    if (count == starts.length) {
      starts = Arrays.copyOf(starts, count * 2);
      ends = Arrays.copyOf(ends, count * 2);
      targets = Arrays.copyOf(targets, count * 2);
      roles = Arrays.copyOf(roles, count * 2);
      tableStarts = Arrays.copyOf(tableStarts, count * 2);
      tableEnds = Arrays.copyOf(tableEnds, count * 2);
      stored = Arrays.copyOf(stored, count * 2);
      persisted = Arrays.copyOf(persisted, count * 2);
    }
    starts[count] = start;
    ends[count] = end;
    targets[count] = target;
    roles[count] = role;
    tableStarts[count] = tableStart;
    tableEnds[count] = tableEnd;
    stored[count] = storedReference;
    persisted[count] = persistedReference;
    count++;
  }

  private static boolean isIdentifier(TokenKind kind) {
    return kind == TokenKind.WORD || kind == TokenKind.QUOTED_IDENTIFIER;
  }

  private static int nextSignificant(SqlTokens tokens, int i) {
    int size = tokens.size();
    while (i < size && tokens.kind(i) == TokenKind.COMMENT) {
      i++;
    }
    return i;
  }
}
