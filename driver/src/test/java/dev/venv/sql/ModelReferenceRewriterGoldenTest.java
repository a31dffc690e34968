package dev.venv.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files in {@code sql/golden}: each {@code NAME.sql} is rewritten and compared with
 * {@code NAME.expected.sql}. Files named {@code pg_*} use the PostgreSQL dialect.
 */
class ModelReferenceRewriterGoldenTest {

  /** {@code raw} is deliberately not a model schema: raw.* tables are external. */
  static final Map<String, String> MODELS = Map.of(
      "staging.orders", "venv__staging.staging__orders__1a2b3c4d5e6f7a8b",
      "staging.customers", "venv__staging.staging__customers__0f1e2d3c4b5a6978",
      "analytics.revenue", "venv__analytics.analytics__revenue__9a8b7c6d5e4f3a2b");

  static Stream<String> cases() throws IOException, URISyntaxException {
    try (Stream<Path> files = Files.list(goldenDirectory())) {
      return files.map(path -> path.getFileName().toString())
          .filter(name -> name.endsWith(".sql") && !name.endsWith(".expected.sql"))
          .map(name -> name.substring(0, name.length() - ".sql".length()))
          .sorted()
          .toList()
          .stream();
    }
  }

  private static Path goldenDirectory() throws URISyntaxException {
    return Path.of(ModelReferenceRewriterGoldenTest.class.getResource("/sql/golden").toURI());
  }

  private static String read(String file) throws IOException, URISyntaxException {
    return Files.readString(goldenDirectory().resolve(file), StandardCharsets.UTF_8);
  }

  private static ModelReferenceRewriter rewriter(String name) {
    return ModelReferenceRewriter.of(MODELS, name.startsWith("pg_") ? SqlDialect.POSTGRES : SqlDialect.DUCKDB);
  }

  @Test
  void thereAreEnoughCases() throws Exception {
    assertTrue(cases().count() >= 25, "golden cases");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rewritesAsExpected(String name) throws Exception {
    String sql = read(name + ".sql");
    assertEquals(read(name + ".expected.sql"), rewriter(name).rewrite(sql));
  }

  /** Independent of the expected files: only the found spans may differ from the input. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyByteOutsideTheReplacedSpansIsKept(String name) throws Exception {
    String sql = read(name + ".sql");
    ModelReferenceRewriter rewriter = rewriter(name);
    List<ModelReference> references = rewriter.find(sql);
    StringBuilder expected = new StringBuilder();
    int copied = 0;
    for (ModelReference reference : references) {
      assertTrue(reference.start() >= copied && reference.end() > reference.start(), reference::toString);
      String span = sql.substring(reference.start(), reference.end());
      String bare = span.replaceAll("(?s)/\\*.*?\\*/|--[^\\n]*\\n|\\s|\"", "").toLowerCase(java.util.Locale.ROOT);
      if (!span.contains("\\")) { // U&"..." escapes are checked in ModelReferenceRewriterTest
        assertTrue(bare.equals(reference.model()) || bare.endsWith("." + reference.model()),
            () -> span + " is not " + reference.model());
      }
      // the table identifier as written: the last part of the span
      String written = span.substring(span.lastIndexOf('.') + 1).strip();
      // the alias keeps a quoted name as written and quotes an unquoted one in lower case
      String table = written.startsWith("\"") ? written : '"' + written.toLowerCase(java.util.Locale.ROOT) + '"';
      expected.append(sql, copied, reference.start());
      switch (reference.role()) {
        case NAME -> expected.append(MODELS.get(reference.model()));
        case TABLE_WITHOUT_ALIAS -> expected.append(MODELS.get(reference.model())).append(" AS ").append(table);
        case COLUMN_QUALIFIER -> expected.append(table);
      }
      copied = reference.end();
    }
    expected.append(sql, copied, sql.length());
    String rewritten = rewriter.rewrite(sql);
    assertEquals(expected.toString(), rewritten);
    if (references.isEmpty()) {
      assertTrue(rewritten == sql, "unchanged SQL must be the same instance");
    }
  }
}
