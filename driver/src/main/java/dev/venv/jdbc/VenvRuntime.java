package dev.venv.jdbc;

import dev.venv.engine.Backends;
import java.sql.SQLException;

/**
 * Everything one driver instance or one {@link VenvDataSource} keeps between connects: the
 * backends it holds open (PostgreSQL pools, DuckDB databases) and the caches of routes, routed
 * texts and model files. Nothing of it is static, so two data sources in one JVM share nothing
 * (but DuckDB's file locks, which are the process's: see {@code DuckDbFileLocks}), and
 * {@link #close()} leaves no thread or open file behind.
 */
final class VenvRuntime implements AutoCloseable {
  final Backends backends = new Backends();
  final EnvironmentResolver resolver = new EnvironmentResolver();

  @Override
  public void close() throws SQLException {
    backends.close();
  }
}
