package dev.venv.state;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens connections to the database that holds the state schema. */
@FunctionalInterface
public interface ConnectionSource {
  Connection open() throws SQLException;

  /**
   * Hands out {@code connection} itself, which closing does not close: a store over it does its
   * reads and writes on a connection the caller already holds (the one holding a build's lock), so
   * the work needs no second connection from a pool. One thread at a time.
   */
  static ConnectionSource borrowed(Connection connection) {
    return () -> BorrowedConnection.of(connection);
  }
}
