package dev.venv.state;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done on a JDBC connection that may throw {@link SQLException}. */
@FunctionalInterface
public interface SqlWork<T> {
  T run(Connection connection) throws SQLException;
}
