package dev.venv.state;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens connections to the database that holds the state schema. */
@FunctionalInterface
public interface ConnectionSource {
  Connection open() throws SQLException;
}
