package dev.venv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.testing.HoldConnection;
import dev.venv.testing.ModelRepositories;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several processes on one DuckDB file, as README's "Several processes on one DuckDB file" sets
 * them up: readers (a BI server, a notebook, the CLI) share it when each connects read-only; a
 * process that wants to write while another holds the file is told what to do, with a SQLState.
 */
class SharedDuckDbFileTest {
  private static final String COUNT = "SELECT count(*) FROM marts.customer_orders";

  @TempDir Path dir;
  Path file;
  String prod;
  String readOnly;

  @BeforeEach
  void prod() throws SQLException {
    file = dir.resolve("warehouse.db");
    prod = "jdbc:venv:prod:duckdb:" + file;
    readOnly = prod + "?access_mode=READ_ONLY";
    DriverManager.getConnection(prod + "?models=" + ModelRepositories.copyShop(dir.resolve("repo"))).close();
  }

  @Test
  void readersShareTheFileAndAWriterIsToldToCloseThem() throws Exception {
    Process biServer = HoldConnection.start(readOnly, COUNT);
    try {
      SQLException e = assertRefused(prod);
      assertTrue(e.getMessage().contains("is open read-only in another process, java (PID " + biServer.pid() + ")"),
          e.getMessage());
      assertTrue(e.getMessage().contains("connect read-only too (option access_mode=READ_ONLY)"), e.getMessage());

      try (Connection notebook = DriverManager.getConnection(readOnly)) {
        assertEquals(12, count(notebook));
      }
      CliRun list = CliRun.of("list", "--url", "jdbc:duckdb:" + file + "?access_mode=READ_ONLY");
      assertEquals(0, list.exitCode(), list.err());
      assertTrue(list.out().contains("prod"), list.out());
      assertEquals(java.util.List.of("repo", "warehouse.db"), java.util.Arrays.stream(dir.toFile().list()).sorted().toList(),
          "the CLI read the file itself, and made no other");

      CliRun create = CliRun.of("create", "dev", "--url", "jdbc:duckdb:" + file, "--models", dir.resolve("repo").toString());
      assertEquals(1, create.exitCode());
      assertTrue(create.err().contains("is open read-only in another process") && create.err().contains("55006"),
          create.err());
    } finally {
      HoldConnection.stop(biServer);
    }
    try (Connection writer = DriverManager.getConnection(prod)) {
      assertEquals(12, count(writer), "once the readers are gone, a writer opens the file");
    }
  }

  @Test
  void whileAWriterHoldsTheFileNoOtherProcessOpensItAndEachIsToldWhy() throws Exception {
    Process app = HoldConnection.start(prod, COUNT);
    try {
      for (String url : new String[] {prod, readOnly}) {
        SQLException e = assertRefused(url);
        assertTrue(e.getMessage().startsWith("The DuckDB database " + file.toRealPath() + " is open for writing in"
            + " another process, java (PID " + app.pid() + ")"), e.getMessage());
        assertTrue(e.getMessage().contains("not even read-only") && e.getMessage().contains("access_mode=READ_ONLY"),
            e.getMessage());
      }
    } finally {
      HoldConnection.stop(app);
    }
  }

  private static SQLException assertRefused(String url) {
    SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
        () -> DriverManager.getConnection(url).close());
    assertEquals("55006", e.getSQLState(), e.getMessage());
    return e;
  }

  private static long count(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(COUNT)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
