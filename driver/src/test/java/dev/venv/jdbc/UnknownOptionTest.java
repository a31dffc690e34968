package dev.venv.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.testing.ModelRepositories;
import dev.venv.testing.Warehouse;
import dev.venv.testing.Warehouse.Backend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A name that is neither venv's option nor the backend's setting is a typo: the connect refuses
 * it in venv's words, listing venv's options, while the backend's own settings still pass through.
 */
class UnknownOptionTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aMistypedOptionIsRefusedWithVenvsOptionsAndTheBackendsSettingsStillPass(Backend backend) throws Exception {
    Path models = ModelRepositories.copyShop(dir.resolve("repo"));
    try (Warehouse warehouse = Warehouse.open(backend, dir)) {
      warehouse.connectThroughVenv("prod", models).close();
      String url = "jdbc:venv:prod:" + warehouse.url().substring("jdbc:".length());
      String separator = url.contains("?") ? "&" : "?";

      SQLException e = assertThrows(SQLException.class,
          () -> DriverManager.getConnection(url + separator + "modles=" + models, warehouse.credentials()));
      assertEquals("22023", e.getSQLState(), e.getMessage());
      assertTrue(e.getMessage().startsWith("Unknown option modles: venv's options are env, models, from,"), e.getMessage());
      assertTrue(e.getMessage().contains("did you mean modles → models?"), e.getMessage());

      Properties typo = warehouse.credentials();
      typo.setProperty("refrseh", "auto");
      e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url, typo));
      assertEquals("22023", e.getSQLState(), e.getMessage());
      assertTrue(e.getMessage().contains("refrseh → refresh"), e.getMessage());

      String backendSetting = backend == Backend.DUCKDB ? "threads=2" : "ApplicationName=venv-test";
      try (Connection c = DriverManager.getConnection(url + separator + backendSetting, warehouse.credentials())) {
        assertTrue(c.isValid(5), "the backend's own setting passes through");
      }
    }
  }

  /**
   * HikariCP hands its {@code dataSourceProperties} to the driver as Properties, often copied from
   * a MySQL example: PgJDBC ignores names it does not know, and so must venv, but for near misses
   * of its own options.
   */
  @Test
  void aPoolsPropertyBagWithSettingsPgJdbcIgnoresStillConnectsOnPostgres() throws Exception {
    Path models = ModelRepositories.copyShop(dir.resolve("repo"));
    try (Warehouse warehouse = Warehouse.open(Backend.POSTGRES, dir)) {
      warehouse.connectThroughVenv("prod", models).close();
      String url = "jdbc:venv:prod:" + warehouse.url().substring("jdbc:".length());
      Properties bag = warehouse.credentials();
      bag.setProperty("cachePrepStmts", "true");
      bag.setProperty("prepStmtCacheSize", "250");
      // PgJDBC's own settings, and short names near venv's options that are not typos of them
      bag.setProperty("ssl", "false");
      bag.setProperty("url", "x");
      bag.setProperty("tz", "UTC");
      bag.setProperty("mode", "x");
      try (Connection c = DriverManager.getConnection(url, bag)) {
        assertTrue(c.isValid(5));
      }
      String separator = url.contains("?") ? "&" : "?";
      SQLException e = assertThrows(SQLException.class,
          () -> DriverManager.getConnection(url + separator + "cachePrepStmts=true", warehouse.credentials()));
      assertEquals("22023", e.getSQLState(), "in the URL, where the user typed it, an unknown name is refused");
    }
  }

  @Test
  void aMistypedOptionOnAMissingDuckDbFileIsNamedAndCreatesNothing() {
    Path file = dir.resolve("new.db");
    SQLException e = assertThrows(SQLException.class,
        () -> DriverManager.getConnection("jdbc:venv:dev:duckdb:" + file + "?modles=/repo"));
    assertEquals("22023", e.getSQLState(), e.getMessage());
    assertTrue(e.getMessage().contains("modles → models"), e.getMessage());
    assertFalse(Files.exists(file), "no database file is left behind");
  }
}
