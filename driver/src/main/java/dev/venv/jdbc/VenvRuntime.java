package dev.venv.jdbc;

import dev.venv.engine.Backends;
import java.sql.SQLException;
import java.time.Clock;

/**
 * Everything one driver instance or one {@link VenvDataSource} keeps between connects: the
 * backends it holds open (PostgreSQL pools, DuckDB databases) and the caches of routes, routed
 * texts and model files, and the clock it reads time from. Nothing of it is static, so two data sources in one JVM share nothing
 * (but DuckDB's file locks, which are the process's: see {@code DuckDbFileLocks}), and
 * {@link #close()} leaves no thread or open file behind.
 */
final class VenvRuntime implements AutoCloseable {
  final Backends backends = new Backends();
  final EnvironmentResolver resolver;

  /** @param clock when environments are used and expire, and when the state is asked again */
  VenvRuntime(Clock clock) {
    this.resolver = new EnvironmentResolver(clock);
  }

  @Override
  public void close() throws SQLException {
    backends.close();
  }
}
