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

  private int count;
  private int[] starts = new int[8];
  private int[] ends = new int[8];
  private ModelIndex.Target[] targets = new ModelIndex.Target[8];

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
        scan.add(tokens.start(schema), tokens.end(table), target);
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

  private void add(int start, int end, ModelIndex.Target target) {
    if (count == starts.length) {
      starts = Arrays.copyOf(starts, count * 2);
      ends = Arrays.copyOf(ends, count * 2);
      targets = Arrays.copyOf(targets, count * 2);
    }
    starts[count] = start;
    ends[count] = end;
    targets[count] = target;
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
