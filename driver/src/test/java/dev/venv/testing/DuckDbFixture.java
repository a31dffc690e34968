package dev.venv.testing;

import dev.venv.engine.Engine;
import dev.venv.env.BuildProgress;
import dev.venv.env.Environments;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;

/** A DuckDB database file for one test, and queries a test asks of it. */
public final class DuckDbFixture {
  private final String url;

  public DuckDbFixture(Path dir) {
    this.url = "jdbc:duckdb:" + dir.resolve("warehouse.db");
  }

  public String url() {
    return url;
  }

  public Engine engine() throws SQLException {
    return Engine.forUrl(url, new Properties());
  }

  public Environments environments() throws SQLException {
    return environments(java.time.Clock.systemUTC());
  }

  /** The environments, with "now" read from {@code clock}. */
  public Environments environments(java.time.Clock clock) throws SQLException {
    return Environments.open(engine(), BuildProgress.silent(), Duration.ofMinutes(2), clock);
  }

  public Connection connect() throws SQLException {
    return new org.duckdb.DuckDBDriver().connect(url, new Properties());
  }

  /** Every row of a query, each as its columns joined by '|', in the query's order. */
  public List<String> rows(String sql) throws SQLException {
    try (Connection c = connect()) {
      return Rows.of(c, sql);
    }
  }

  /** The first column of the first row. */
  public String value(String sql) throws SQLException {
    List<String> rows = rows(sql);
    return rows.isEmpty() ? null : rows.get(0).split("\\|", -1)[0];
  }

  /** Every table and view: {@code schema.name (TYPE)}, sorted. */
  public TreeSet<String> objects() throws SQLException {
    return new TreeSet<>(rows("SELECT table_schema || '.' || table_name || ' (' || table_type || ')'"
        + " FROM information_schema.tables"));
  }

  /** Tables and views in venv's physical schemas, sorted. */
  public TreeSet<String> physicalObjects() throws SQLException {
    return new TreeSet<>(rows("SELECT table_schema || '.' || table_name FROM information_schema.tables"
        + " WHERE table_schema LIKE 'venv\\_\\_%' ESCAPE '\\'"));
  }
}
