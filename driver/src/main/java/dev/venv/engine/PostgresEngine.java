package dev.venv.engine;

import dev.venv.sql.SqlDialect;
import dev.venv.state.PhysicalName;
import dev.venv.state.StateLock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;

/** PostgreSQL, shared by many processes: advisory locks in the server. */
final class PostgresEngine extends Engine {
  static final String URL_PREFIX = "jdbc:postgresql:";

  private final StateLock lock;
  private final Driver driver = new org.postgresql.Driver();
  private final Properties properties;

  PostgresEngine(String url, Properties properties) {
    super(url);
    this.properties = properties;
    this.lock = StateLock.postgresAdvisory(url);
  }

  @Override
  public Connection open() throws SQLException {
    Connection c = driver.connect(url(), properties);
    if (c == null) {
      throw new SQLException("The PostgreSQL driver did not accept " + url(), "08001");
    }
    return c;
  }

  @Override
  public void close() {
    // nothing held: every connection is opened for its work and closed after it
  }

  @Override
  public SqlDialect dialect() {
    return SqlDialect.POSTGRES;
  }

  @Override
  public StateLock lock() {
    return lock;
  }

  @Override
  public int buildParallelism() {
    return 4;
  }

  @Override
  public void replaceView(Connection c, PhysicalName name, String query) throws SQLException {
    // PostgreSQL's CREATE OR REPLACE VIEW refuses a changed column list; in the caller's
    // transaction, drop and create is just as atomic.
    dropView(c, name);
    createView(c, name, query);
  }

  @Override
  public void loadSeed(Connection c, PhysicalName name, Path csv) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "SEED models are not supported on PostgreSQL yet (" + csv + "); use DuckDB", "0A000");
  }
}
