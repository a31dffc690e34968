package dev.venv.benchmarks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * What the Trino benchmarks share: the cluster {@code examples/trino/start} runs ({@code
 * VENV_TRINO_URL}, default {@code jdbc:trino://127.0.0.1:18080/iceberg}), its users ({@code venv},
 * venv's owner; {@code analyst}, a client), the warehouse's claim, and a run's objects.
 */
final class TrinoBench {
  static final String URL = env("VENV_TRINO_URL", "jdbc:trino://127.0.0.1:18080/iceberg");

  private TrinoBench() {}

  /** Lets a trial's fresh state database take the catalog: a warehouse admits one state database. */
  static void releaseClaim() throws SQLException {
    try (Connection c = connect("venv"); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM iceberg.information_schema.schemata"
            + " WHERE schema_name = 'venv_claim'")) {
      rs.next();
      if (rs.getLong(1) > 0) {
        s.execute("DROP TABLE IF EXISTS iceberg.venv_claim.state");
      }
    }
  }

  static Connection connect(String user) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    return new io.trino.jdbc.TrinoDriver().connect(URL, p);
  }

  /** Drops the run's tables, views and schemas (their names hold {@code prefix}), as venv's owner. */
  static void dropObjectsOf(String prefix) throws SQLException {
    try (Connection c = connect("venv"); Statement s = c.createStatement()) {
      List<String> drops = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("SELECT table_schema, table_name, table_type FROM iceberg.information_schema"
          + ".tables WHERE table_schema LIKE '%" + prefix + "%'")) {
        while (rs.next()) {
          drops.add("DROP " + (rs.getString(3).contains("VIEW") ? "VIEW" : "TABLE") + " IF EXISTS iceberg.\""
              + rs.getString(1) + "\".\"" + rs.getString(2) + "\"");
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT schema_name FROM iceberg.information_schema.schemata"
          + " WHERE schema_name LIKE '%" + prefix + "%'")) {
        List<String> schemas = new ArrayList<>();
        while (rs.next()) {
          schemas.add("DROP SCHEMA IF EXISTS iceberg.\"" + rs.getString(1) + "\"");
        }
        drops.addAll(schemas);
      }
      for (String drop : drops) {
        s.execute(drop);
      }
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
