package dev.venv.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.venv.testing.ModelRepositories;
import dev.venv.testing.Rows;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What venv reads of a DuckDB session's search path, and what it sets it to.
 *
 * <p>DuckDB resolves an unqualified function through the session's search path, so a file attached
 * on it may answer in a built-in's name: venv's own questions to the session (its search path,
 * which names are built-ins, which tables exist) must name DuckDB's built-ins by their catalog.
 * (PostgreSQL's are asked as {@code pg_catalog.…}.)
 */
class DuckDbSessionPathTest {
  @TempDir Path dir;

  private Path prodModels;
  private Path devModels;

  @org.junit.jupiter.api.BeforeEach
  void repositories() {
    prodModels = dir.resolve("prod");
    devModels = dir.resolve("dev");
    for (Path models : List.of(prodModels, devModels)) {
      String value = models == prodModels ? "1" : "2";
      ModelRepositories.write(models.resolve("marts/a.sql"), "MODEL (name marts.a, kind FULL);\nSELECT " + value
          + " AS v\n");
      ModelRepositories.write(models.resolve("marts/b.sql"),
          "MODEL (name marts.b, kind VIEW);\nSELECT v, 'b' AS tag FROM marts.a\n");
    }
  }

  /**
   * A path of several schemas computed at run time: venv moves it to dev's side, in a text DuckDB
   * takes (no space after a comma), and the session reads dev from then on.
   */
  @Test
  void aComputedPathOfSeveralSchemasIsMovedToTheEnvironmentsSide() throws Exception {
    String file = dir.resolve("w.db").toString();
    try (Connection prod = DriverManager.getConnection("jdbc:venv:prod:duckdb:" + file + "?models=" + prodModels);
        Connection dev = DriverManager.getConnection("jdbc:venv:dev:duckdb:" + file + "?models=" + devModels);
        Statement s = dev.createStatement()) {
      s.execute("SET search_path = 'main,' || 'ma' || 'rts'");
      assertEquals(List.of("2"), Rows.of(dev, "SELECT v FROM a"));
      assertEquals(List.of("2|b"), Rows.of(dev, "SELECT v, tag FROM b"));
      assertEquals("main", dev.getSchema());
      assertEquals(List.of("1"), Rows.of(prod, "SELECT v FROM marts.a"));
    }
  }

  @Test
  void aMacroFromAnAttachedFileCannotHideTheSearchPathFromVenv() throws Exception {
    Path evil = dir.resolve("evil.db");
    try (Connection c = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:" + evil, new Properties());
        Statement s = c.createStatement()) {
      s.execute("CREATE MACRO current_setting(x) AS 'main'");
      s.execute("CREATE MACRO current_schema() AS 'main'");
    }
    String file = dir.resolve("w.db").toString();
    try (Connection prod = DriverManager.getConnection("jdbc:venv:prod:duckdb:" + file + "?models=" + prodModels);
        Connection dev = DriverManager.getConnection("jdbc:venv:dev:duckdb:" + file + "?models=" + devModels)) {
      Statement s = dev.createStatement();
      s.execute("ATTACH '" + evil + "' AS evil (READ_ONLY)");
      // computed at run time: the text names no model schema, so only the backend can tell the path
      s.execute("SET search_path = 'w.ma' || 'rts,evil.main'");

      List<String> read;
      try {
        read = Rows.of(dev, "SELECT v FROM a");
      } catch (SQLException refused) {
        read = List.of("refused");
      }
      assertEquals(true, read.equals(List.of("2")) || read.equals(List.of("refused")),
          "dev reads dev's a or nothing, never prod's: " + read);
      assertThrows(SQLException.class, () -> s.execute("CREATE OR REPLACE VIEW a AS SELECT 666 AS v"));
      assertThrows(SQLException.class, () -> s.execute("DROP VIEW b"));
      assertEquals(List.of("1"), Rows.of(prod, "SELECT v FROM marts.a"));
    }
    try (Connection raw = new org.duckdb.DuckDBDriver().connect("jdbc:duckdb:" + file, new Properties())) {
      assertEquals(List.of("1"), Rows.of(raw, "SELECT v FROM marts.a"), "prod's view is prod's");
      assertEquals(List.of("1|b"), Rows.of(raw, "SELECT v, tag FROM marts.b"), "and still there");
    }
  }
}
