package dev.venv.sql;

import java.util.Arrays;

/**
 * The model references found in one SQL text, in source order, as parallel arrays: the
 * rewriter only needs spans and replacements, so no object is made per match.
 *
 * <p>References are found in dotted chains: maximal runs of identifiers (WORD or
 * QUOTED_IDENTIFIER) joined by DOT tokens, with comments allowed anywhere between. In a chain
 * {@code p0.p1[.p2…]}, {@code p0.p1} naming a model is a reference ({@code schema.table},
 * {@code schema.table.col}); otherwise, with three or more parts, {@code p1.p2} naming a model is
 * one ({@code cat.schema.table}, {@code cat.schema.table.col}). A chain that follows a DOT after
 * something other than an identifier ({@code (rec).staging.orders}) counts that something as its
 * first part, so it is matched like a catalog-qualified name.
 */
final class ReferenceScan {

  /** A reference that is a table in a FROM list: its physical name keeps the implicit alias. */
  static final byte TABLE_WITHOUT_ALIAS = 1;
  /** A reference that qualifies a column ({@code schema.table.col}): the table's alias stands in. */
  static final byte COLUMN_QUALIFIER = 2;

  private static final java.util.Set<String> NOT_AN_ALIAS = java.util.Set.of(
      "where", "join", "inner", "left", "right", "full", "outer", "cross", "natural", "on", "using", "group",
      "order", "having", "qualify", "window", "limit", "offset", "union", "except", "intersect", "select", "fetch",
      "for", "positional", "asof", "anti", "semi", "pivot", "unpivot", "tablesample", "returning", "lateral",
      "with", "set", "values", "into", "when", "then", "else", "end", "and", "or", "not", "is", "in", "between",
      "like", "ilike", "by", "do", "default", "from", "to", "sample", "at", "glob", "similar");
  /** Keywords that end a FROM clause, walking back from a reference. */
  private static final String[] CLAUSE_LIST = {
      "select", "where", "group", "order", "having", "qualify", "window", "limit", "offset", "on", "using",
      "set", "values", "returning", "into", "by", "union", "except", "intersect", "with", "pivot", "unpivot"};

  private int count;
  private int[] starts = new int[8];
  private int[] ends = new int[8];
  private ModelIndex.Target[] targets = new ModelIndex.Target[8];
  private byte[] roles = new byte[8];
  /** Where the replaced text starts: a qualifier's catalog part goes too. */
  private int[] replaceStarts = new int[8];
  /** The table identifier as written: the alias a physical name must keep. */
  private int[] tableStarts = new int[8];
  private int[] tableEnds = new int[8];

  private ReferenceScan() {
  }

  /** Scans {@code tokens}; returns null when nothing matches, the common case for most SQL. */
  static ReferenceScan of(SqlTokens tokens, ModelIndex index) {
    ReferenceScan scan = null;
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
      int schema = -1;
      int table = -1;
      ModelIndex.Target target = null;
      if (parts >= 2) {
        if (!opaqueHead) {
          target = index.lookup(tokens, i, p1);
          schema = i;
          table = p1;
        }
        if (target == null && (parts >= 3 || opaqueHead)) {
          schema = opaqueHead ? i : p1;
          table = opaqueHead ? p1 : p2;
          target = index.lookup(tokens, schema, table);
        }
      }
      if (target != null) {
        if (scan == null) {
          scan = new ReferenceScan();
        }
        byte role = 0;
        int replaceStart = tokens.start(schema);
        // a part after the table, or a DOT before a non-identifier (schema.table.*), makes it a qualifier
        if (last != table || j < size && tokens.kind(j) == TokenKind.DOT) {
          role = COLUMN_QUALIFIER;
          if (schema != i && !opaqueHead) {
            replaceStart = tokens.start(i); // cat.schema.table.col: the alias replaces all three
          }
        } else if (inFromList(tokens, i) && endsTableReference(tokens, table)) {
          role = TABLE_WITHOUT_ALIAS;
        }
        scan.add(tokens.start(schema), tokens.end(table), target, role, replaceStart, tokens.start(table),
            tokens.end(table));
      }
      previous = tokens.kind(last);
      i = last + 1;
    }
    return scan;
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

  int replaceStart(int k) {
    return replaceStarts[k];
  }

  int tableStart(int k) {
    return tableStarts[k];
  }

  int tableEnd(int k) {
    return tableEnds[k];
  }

  /**
   * Whether the chain starting at token {@code i} is an item of a FROM list: right after FROM or
   * a JOIN, or after a comma of a FROM clause (found by walking back over the clause at this depth).
   */
  private static boolean inFromList(SqlTokens tokens, int i) {
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
    int depth = 0;
    for (int j = previousSignificant(tokens, k - 1); j >= 0; j = previousSignificant(tokens, j - 1)) {
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
    return tokens.end(k) - start == word.length() && tokens.source().regionMatches(true, start, word, 0, word.length());
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
      case WORD -> NOT_AN_ALIAS.contains(text.toLowerCase(java.util.Locale.ROOT));
      default -> false;
    };
  }

  private void add(int start, int end, ModelIndex.Target target, byte role, int replaceStart, int tableStart,
      int tableEnd) {
    if (count == starts.length) {
      starts = Arrays.copyOf(starts, count * 2);
      ends = Arrays.copyOf(ends, count * 2);
      targets = Arrays.copyOf(targets, count * 2);
      roles = Arrays.copyOf(roles, count * 2);
      replaceStarts = Arrays.copyOf(replaceStarts, count * 2);
      tableStarts = Arrays.copyOf(tableStarts, count * 2);
      tableEnds = Arrays.copyOf(tableEnds, count * 2);
    }
    starts[count] = start;
    ends[count] = end;
    targets[count] = target;
    roles[count] = role;
    replaceStarts[count] = replaceStart;
    tableStarts[count] = tableStart;
    tableEnds[count] = tableEnd;
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
