package dev.venv.sql;

import java.util.List;

/**
 * One routing of a {@link TextShape}, applicable to every text of that shape: the splices by
 * token, not by offset (numbers of other lengths move the offsets), and what the routing decided
 * besides the text. Made only for texts that route without a refusal or a question, so a text
 * that reaches the backend through a template is one that routes, spliced exactly as its own
 * routing would splice it. Immutable.
 */
public final class RoutedTemplate {
  private final TextShape shape;
  /** Per splice: the first and last token it replaces, and its text. In text order. */
  private final int[] firstTokens;
  private final int[] lastTokens;
  private final String[] texts;
  /** The routing's result; its {@code sql} is the text routed, replaced per text. */
  private final SqlRouter.Result result;

  private RoutedTemplate(TextShape shape, int[] firstTokens, int[] lastTokens, String[] texts,
      SqlRouter.Result result) {
    this.shape = shape;
    this.firstTokens = firstTokens;
    this.lastTokens = lastTokens;
    this.texts = texts;
    this.result = result;
  }

  /**
   * The template of a routed text, or {@code null} when a splice does not fall on whole tokens
   * other than numbers (never the case for names; then the text is simply not templated).
   *
   * @param spans   the splices' start and end offsets in {@code tokens}' text, in text order
   * @param texts   what replaces each
   * @param result  the text's routing
   */
  static RoutedTemplate of(TextShape shape, SqlTokens tokens, List<int[]> spans, List<String> texts,
      SqlRouter.Result result) {
    int n = spans.size();
    int[] firsts = new int[n];
    int[] lasts = new int[n];
    for (int s = 0; s < n; s++) {
      int first = tokens.startingAt(spans.get(s)[0]);
      int last = tokens.endingAt(spans.get(s)[1]);
      if (first < 0 || last < first) {
        return null;
      }
      for (int t = first; t <= last; t++) {
        if (shape.isNumber(t)) {
          return null;
        }
      }
      firsts[s] = first;
      lasts[s] = last;
    }
    return new RoutedTemplate(shape, firsts, lasts, texts.toArray(String[]::new), result);
  }

  /**
   * The routing of {@code tokens}, whose shape is {@code shape}; {@code null} unless that is
   * this template's shape, token for token.
   */
  public SqlRouter.Result apply(TextShape shape, SqlTokens tokens) {
    if (!this.shape.sameTokens(shape)) {
      return null;
    }
    String sql = tokens.source();
    String routed = sql;
    if (texts.length > 0) {
      StringBuilder out = new StringBuilder(sql.length() + 48 * texts.length);
      int copied = 0;
      for (int s = 0; s < texts.length; s++) {
        out.append(sql, copied, tokens.start(firstTokens[s])).append(texts[s]);
        copied = tokens.end(lastTokens[s]);
      }
      routed = out.append(sql, copied, sql.length()).toString();
    }
    return new SqlRouter.Result(routed, null, result.endPath(), result.readsBack(), result.endsTransaction(),
        result.cascading(), result.definedFunctions(), List.of(), result.attached(), result.writtenFiles());
  }

  /**
   * What the template holds, in characters (two bytes each): its splices' texts, the first text's
   * routing, and per token of the shape its kind and place (ten bytes), for a cache to weigh it.
   */
  public int characters() {
    int chars = result.sql().length() + 5 * shape.tokens();
    for (String text : texts) {
      chars += text.length() + 4;
    }
    return chars;
  }


}
