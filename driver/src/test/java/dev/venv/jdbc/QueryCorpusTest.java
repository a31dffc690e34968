package dev.venv.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.testing.ModelRepositories;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's unchanged SQL on {@code jdbc:venv:dev:} returns exactly what the same query,
 * written by hand against dev's views ({@code marts__dev.customer_orders}), returns on a raw DuckDB
 * connection — and not what prod's views return.
 *
 * <p>The corpus is {@code corpus/queries.sql}; its header describes the format. Each entry is
 * its own dynamic test, named after the entry.
 */
class QueryCorpusTest {
  private static final String CORPUS = "/corpus/queries.sql";

  /** Models whose rows differ between dev and prod here; a query reading one must differ from prod. */
  private static final List<String> CHANGED = List.of("customer_orders", "product_sales", "stg_products");

  @TempDir static Path dir;
  static Path file;
  static String devUrl;
  static Connection dev;
  static Connection raw;

  /** One corpus entry. */
  record Entry(String name, String venvSql, String rawSql, List<Object> params, String schema, boolean prodSame) {
    String prodSql() {
      return rawSql.replace("__dev", "");
    }

    String prodSchema() {
      return schema;
    }

    String rawSchema() {
      return schema == null ? null : schema + "__dev";
    }
  }

  @BeforeAll
  static void environments() throws Exception {
    Path prodModels = ModelRepositories.copyShop(dir.resolve("prod"));
    Path devModels = ModelRepositories.copyShop(dir.resolve("dev"));
    ModelRepositories.edit(devModels.resolve("marts/customer_orders.sql"), "COUNT(v.order_id)  ", "COUNT(v.order_id) + 100");
    ModelRepositories.edit(devModels.resolve("staging/stg_products.sql"), "TRIM(p.name)   ", "UPPER(TRIM(p.name))");
    file = dir.resolve("w.db");
    DriverManager.getConnection("jdbc:venv:prod:duckdb:" + file + "?models=" + prodModels).close();
    devUrl = "jdbc:venv:dev:duckdb:" + file + "?models=" + devModels;
    dev = DriverManager.getConnection(devUrl);
    // Opened while the venv connection is open: both share one DuckDB instance of the file.
    raw = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:" + file, new Properties());
  }

  @AfterAll
  static void close() throws SQLException {
    if (raw != null) {
      raw.close();
    }
    if (dev != null) {
      dev.close();
    }
  }

  @Test
  void theCorpusIsLargeAndItsNamesAreUnique() throws IOException {
    List<Entry> entries = corpus();
    assertTrue(entries.size() >= 60, "entries: " + entries.size());
    long againstProd = entries.stream()
        .filter(e -> !e.prodSame() && CHANGED.stream().anyMatch(e.rawSql().toLowerCase(Locale.ROOT)::contains)).count();
    assertTrue(againstProd >= 60, "entries checked against prod's rows: " + againstProd);
    Set<String> names = new HashSet<>();
    for (Entry e : entries) {
      assertTrue(names.add(e.name()), "duplicate entry " + e.name());
      assertFalse(e.venvSql().toLowerCase(Locale.ROOT).contains("__dev"), e.name() + ": the venv form names dev's views");
      if (e.schema() == null) {
        assertNotEquals(e.venvSql(), e.rawSql(), e.name() + ": raw form equals the venv form");
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> venvFormReadsWhatTheRawFormReadsOnDevViews() throws IOException {
    return corpus().stream().map(e -> DynamicTest.dynamicTest(e.name(), () -> check(e)));
  }

  private static void check(Entry e) {
    try {
      compare(e);
    } catch (SQLException ex) {
      throw new AssertionError(e.name() + ": " + ex.getSQLState() + " " + ex.getMessage(), ex);
    }
  }

  private static void compare(Entry e) throws SQLException {
    List<List<String>> venv;
    if (e.schema() == null) {
      venv = rows(dev, e.venvSql(), e.params());
    } else {
      try (Connection c = DriverManager.getConnection(devUrl)) {
        c.setSchema(e.schema());
        venv = rows(c, e.venvSql(), e.params());
        assertEquals(e.schema(), c.getSchema());
      }
    }
    List<List<String>> expected = rawRows(e.rawSql(), e.params(), e.rawSchema());
    assertFalse(expected.isEmpty(), e.name() + ": the raw form returns no rows: a weak test");
    assertEquals(expected, venv, e.name() + ": venv form on jdbc:venv:dev: vs raw form on dev's views");
    String lower = e.rawSql().toLowerCase(Locale.ROOT);
    if (!e.prodSame() && CHANGED.stream().anyMatch(lower::contains)) {
      List<List<String>> prod = rawRows(e.prodSql(), e.params(), e.prodSchema());
      assertNotEquals(prod, venv, e.name() + ": jdbc:venv:dev: returned prod's rows");
    }
  }

  private static List<List<String>> rawRows(String sql, List<Object> params, String schema) throws SQLException {
    if (schema == null) {
      return rows(raw, sql, params);
    }
    try (Connection c = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:" + file, new Properties())) {
      try (Statement s = c.createStatement()) {
        s.execute("SET schema = '" + schema + "'");
      }
      return rows(c, sql, params);
    }
  }

  /** Every row, each column as {@code getString}, in the query's order; through a PreparedStatement when there are parameters. */
  static List<List<String>> rows(Connection c, String sql, List<Object> params) throws SQLException {
    if (params.isEmpty()) {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
        return read(rs);
      }
    }
    try (PreparedStatement p = c.prepareStatement(sql)) {
      for (int i = 0; i < params.size(); i++) {
        Object v = params.get(i);
        if (v instanceof Long l) {
          p.setLong(i + 1, l);
        } else if (v instanceof BigDecimal d) {
          p.setBigDecimal(i + 1, d);
        } else if (v instanceof java.sql.Date d) {
          p.setDate(i + 1, d);
        } else {
          p.setString(i + 1, (String) v);
        }
      }
      try (ResultSet rs = p.executeQuery()) {
        return read(rs);
      }
    }
  }

  private static List<List<String>> read(ResultSet rs) throws SQLException {
    int n = rs.getMetaData().getColumnCount();
    List<List<String>> rows = new ArrayList<>();
    while (rs.next()) {
      List<String> row = new ArrayList<>(n);
      for (int i = 1; i <= n; i++) {
        row.add(rs.getString(i));
      }
      rows.add(row);
    }
    return rows;
  }

  // ---------------------------------------------------------------------------------------------
  // The corpus file

  private static final String ENTRY = "-- @@ ";
  private static final String RAW = "-- => raw";

  static List<Entry> corpus() throws IOException {
    String text;
    try (InputStream in = QueryCorpusTest.class.getResourceAsStream(CORPUS)) {
      assertNotNull(in, CORPUS + " on the test class path");
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<Entry> entries = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    int i = 0;
    while (i < lines.length && !lines[i].startsWith(ENTRY)) {
      i++;
    }
    while (i < lines.length) {
      String name = lines[i].substring(ENTRY.length()).strip();
      i++;
      List<Object> params = List.of();
      String schema = null;
      boolean prodSame = false;
      while (i < lines.length && lines[i].startsWith("-- @") && !lines[i].startsWith(ENTRY)) {
        String directive = lines[i].substring(3).strip();
        if (directive.startsWith("@params ")) {
          params = params(directive.substring("@params ".length()));
        } else if (directive.startsWith("@schema ")) {
          schema = directive.substring("@schema ".length()).strip();
        } else if (directive.equals("@prod-same")) {
          prodSame = true;
        } else {
          throw new AssertionError(name + ": unknown directive " + directive);
        }
        i++;
      }
      StringBuilder venv = new StringBuilder();
      while (i < lines.length && !lines[i].equals(RAW)) {
        if (lines[i].startsWith(ENTRY)) {
          throw new AssertionError(name + ": no '" + RAW + "' line");
        }
        venv.append(lines[i]).append('\n');
        i++;
      }
      if (i == lines.length) {
        throw new AssertionError(name + ": no '" + RAW + "' line");
      }
      i++;
      StringBuilder raw = new StringBuilder();
      while (i < lines.length && !lines[i].startsWith(ENTRY)) {
        raw.append(lines[i]).append('\n');
        i++;
      }
      entries.add(new Entry(name, venv.toString().strip(), raw.toString().strip(), params, schema, prodSame));
    }
    return entries;
  }

  private static final Pattern PARAM =
      Pattern.compile("\\s*(?:DATE\\s+'([^']*)'|'((?:[^']|'')*)'|(-?\\d+\\.\\d+)|(-?\\d+))\\s*(?:,|$)");

  private static List<Object> params(String text) {
    List<Object> values = new ArrayList<>();
    Matcher m = PARAM.matcher(text);
    int at = 0;
    while (at < text.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new AssertionError("bad @params at: " + text.substring(at));
      }
      if (m.group(1) != null) {
        values.add(java.sql.Date.valueOf(m.group(1)));
      } else if (m.group(2) != null) {
        values.add(m.group(2).replace("''", "'"));
      } else if (m.group(3) != null) {
        values.add(new BigDecimal(m.group(3)));
      } else {
        values.add(Long.parseLong(m.group(4)));
      }
      at = m.end();
    }
    return values;
  }
}
