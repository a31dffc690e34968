package dev.venv.analysis;

import java.util.List;
import java.util.Set;

/**
 * The analyser of model queries, at plan time: change categories and column lineage. Calcite reads
 * a query first; where its grammar lacks the dialect, JSqlParser; where neither can, the answer is
 * the safe one (a breaking change, a query that reads everything of its parents). Never on the
 * routing path, which stays on the lexer.
 */
public final class ModelAnalysis {
  public static final String CALCITE = "calcite";
  public static final String JSQLPARSER = "jsqlparser";
  public static final String NONE = "none";

  /** DuckDB's positional column reference {@code #2} (anywhere, strings included: over-states, never misses). */
  private static final java.util.regex.Pattern POSITIONAL = java.util.regex.Pattern.compile("#\\s*\\d");

  private ModelAnalysis() {}

  /** How {@code after} differs from {@code before}, both a model's query. */
  public static ChangeAssessment assess(String before, String after) {
    ParserText beforeText = ParserText.of(before);
    ParserText afterText = ParserText.of(after);
    String unreadable = beforeText.unreadable() != null ? beforeText.unreadable() : afterText.unreadable();
    if (unreadable != null) {
      return ChangeAssessment.breaking("neither parser reads it: " + unreadable, NONE);
    }
    String parsedBefore = beforeText.text();
    String parsedAfter = afterText.text();
    SourceText written = SourceText.of(before);
    SourceText nowWritten = SourceText.of(after);
    String calciteProblem;
    try {
      return ChangeAssessor.compare(CalciteReader.read(parsedBefore), CalciteReader.read(parsedAfter), written,
          nowWritten, CALCITE);
    } catch (QueryParseException e) {
      calciteProblem = e.getMessage();
    }
    try {
      return ChangeAssessor.compare(JSqlReader.read(parsedBefore), JSqlReader.read(parsedAfter), written, nowWritten,
          JSQLPARSER);
    } catch (QueryParseException e) {
      return ChangeAssessment.breaking("neither parser reads it (" + calciteProblem + "; " + e.getMessage() + ")",
          NONE);
    }
  }

  /**
   * What {@code query} reads.
   *
   * @param models  every model's name: other tables are external
   * @param parents the models it reads, for a query no parser reads
   */
  public static ModelLineage lineage(String query, Set<String> models, List<String> parents) {
    if (POSITIONAL.matcher(query).find()) {
      return ModelLineage.unknown(parents, "it reads columns by position (#n): whichever a parent puts there");
    }
    ParserText text = ParserText.of(query);
    if (text.unreadable() != null) {
      return ModelLineage.unknown(parents, text.unreadable());
    }
    String parsed = text.text();
    LineageResolver resolver = new LineageResolver(models);
    String rowOrder = SourceText.of(query).rowOrder();
    String calciteProblem;
    try {
      return resolver.lineage(CalciteReader.read(parsed), CALCITE).withRowOrder(rowOrder);
    } catch (QueryParseException e) {
      calciteProblem = e.getMessage();
    }
    try {
      return resolver.lineage(JSqlReader.read(parsed), JSQLPARSER).withRowOrder(rowOrder);
    } catch (QueryParseException e) {
      return ModelLineage.unknown(parents, "neither parser reads it (" + calciteProblem + "; " + e.getMessage() + ")");
    }
  }

  /** Which parser reads {@code query}: {@link #CALCITE}, {@link #JSQLPARSER} or {@link #NONE}. */
  public static String parser(String query) {
    ParserText text = ParserText.of(query);
    if (text.unreadable() != null) {
      return NONE;
    }
    String parsed = text.text();
    try {
      CalciteReader.read(parsed);
      return CALCITE;
    } catch (QueryParseException e) {
      try {
        JSqlReader.read(parsed);
        return JSQLPARSER;
      } catch (QueryParseException e2) {
        return NONE;
      }
    }
  }
}
