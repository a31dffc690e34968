package dev.venv.cli;

import dev.venv.engine.Engine;
import dev.venv.engine.StateLocation;
import dev.venv.env.BuildProgress;
import dev.venv.env.Environments;
import java.sql.SQLException;
import java.util.Properties;
import picocli.CommandLine.Option;

/** The options every command takes: where the backend is, and how to print. */
final class BackendOptions {
  @Option(names = "--url", required = true, paramLabel = "JDBC_URL",
      description = "Backend JDBC URL, e.g. jdbc:duckdb:warehouse.db, jdbc:postgresql://localhost/db or"
          + " jdbc:trino://localhost:8080/iceberg; jdbc:duckdb:warehouse.db?access_mode=READ_ONLY reads a file other processes read too")
  String url;

  @Option(names = "--user", description = "Backend user (PostgreSQL, Trino): the role or user that owns venv's objects")
  String user;

  @Option(names = "--password", description = "Backend password (PostgreSQL, Trino)", arity = "0..1", interactive = true)
  String password;

  @Option(names = "--state", paramLabel = "URL", description = "PostgreSQL database that holds venv's state and"
      + " locks, postgresql://host[:port]/database (default: the backend itself; required for Trino)")
  String state;

  @Option(names = "--state-user", paramLabel = "USER", description = "User for the --state database")
  String stateUser;

  @Option(names = "--state-password", paramLabel = "PASSWORD", description = "Password for the --state database",
      arity = "0..1", interactive = true)
  String statePassword;

  @Option(names = "--json", description = "Print one JSON document on stdout")
  boolean json;

  Environments open() throws SQLException {
    return Environments.open(engine(), BuildProgress.printing(System.err), Environments.DEFAULT_LOCK_TIMEOUT);
  }

  /**
   * {@link #open()} for a command that reads or changes environments that exist: a DuckDB file that
   * does not exist is refused (3D000), not made, as the driver refuses it. Opening one makes it,
   * and {@code venv list} at a mistyped path would otherwise leave an empty warehouse there.
   */
  Environments openExisting() throws SQLException {
    requireExisting();
    return open();
  }

  /** A DuckDB file at {@code --url} exists: commands that only look at a warehouse never make one. */
  void requireExisting() throws SQLException {
    Engine.requireExisting(url, properties());
  }

  /** The backend as venv's owner, without touching the state (which {@link #open()} migrates). */
  Engine engine() throws SQLException {
    return Engine.forUrl(url, properties(), null, StateLocation.parse(state, stateUser, statePassword));
  }

  private Properties properties() {
    Properties properties = new Properties();
    if (user != null) {
      properties.setProperty("user", user);
    }
    if (password != null) {
      properties.setProperty("password", password);
    }
    return properties;
  }
}
