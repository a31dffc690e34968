package dev.venv.benchmarks;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;

/**
 * A new, empty PostgreSQL database for one trial, made on the local server the tests use and
 * dropped at its end: {@code VENV_PG_URL} ({@code jdbc:postgresql://localhost:5432/venv_test}, the
 * database it connects to in order to make others), {@code VENV_PG_USER} and {@code
 * VENV_PG_PASSWORD} ({@code venv}, {@code venv}; the role needs {@code CREATEDB}).
 */
final class FreshPostgres implements AutoCloseable {
  static final String ADMIN_URL = env("VENV_PG_URL", "jdbc:postgresql://localhost:5432/venv_test");
  static final String USER = env("VENV_PG_USER", "venv");
  static final String PASSWORD = env("VENV_PG_PASSWORD", "venv");

  private final String name;
  private final String url;

  private FreshPostgres(String name, String url) {
    this.name = name;
    this.url = url;
  }

  /** Creates {@code venv_bench_<random>} beside the admin database. */
  static FreshPostgres create() throws SQLException {
    String name = "venv_bench_" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
    try (Connection c = connect(ADMIN_URL); Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new SQLException("cannot create a database on " + ADMIN_URL + " as " + USER + " (the peer benchmarks "
          + "need a local PostgreSQL; set VENV_PG_URL, VENV_PG_USER, VENV_PG_PASSWORD): " + e.getMessage(), e);
    }
    int slash = ADMIN_URL.lastIndexOf('/');
    int query = ADMIN_URL.indexOf('?', slash);
    return new FreshPostgres(name, ADMIN_URL.substring(0, slash + 1) + name
        + (query < 0 ? "" : ADMIN_URL.substring(query)));
  }

  /** Its JDBC URL, {@code jdbc:postgresql://host:port/venv_bench_...}. */
  String url() {
    return url;
  }

  /** {@code user} and {@code password}. */
  static Properties credentials() {
    Properties p = new Properties();
    p.setProperty("user", USER);
    p.setProperty("password", PASSWORD);
    return p;
  }

  /** A plain pgjdbc connection, not through {@code DriverManager}: no other driver can answer. */
  static Connection connect(String url) throws SQLException {
    return new org.postgresql.Driver().connect(url, credentials());
  }

  /** Drops the database, ending whatever sessions still hold it. */
  @Override
  public void close() throws SQLException {
    try (Connection c = connect(ADMIN_URL); Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}
