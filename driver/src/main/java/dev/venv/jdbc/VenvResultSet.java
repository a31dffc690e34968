package dev.venv.jdbc;

import dev.venv.forwarding.Forwarding;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * A backend result set whose {@link #getStatement()} is the venv statement that produced it and
 * whose metadata names logical tables. Every row method forwards as is: reading rows allocates
 * nothing beyond what the backend does. Arrays and cursors read from it are venv's too
 * ({@link VenvArray}): the backend's lead back to the backend's connection.
 */
@Forwarding(value = ResultSet.class, wrapped = "getObject")
public class VenvResultSet extends ForwardingResultSet {
  private final VenvStatement statement;
  private final EnvironmentRoute route;
  private VenvResultSetMetaData metaData;

  /**
   * @param statement the venv statement that produced it; {@code null} for a metadata result
   */
  VenvResultSet(ResultSet delegate, VenvStatement statement, EnvironmentRoute route) {
    super(delegate);
    this.statement = statement;
    this.route = route;
  }

  /** The venv statement, or {@code null} for a result of {@link java.sql.DatabaseMetaData}. */
  @Override
  public Statement getStatement() throws SQLException {
    return statement;
  }

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    VenvResultSetMetaData known = metaData;
    if (known == null) {
      try {
        known = new VenvResultSetMetaData(delegate.getMetaData(), route);
      } catch (SQLException e) {
        throw SqlStates.ensure(e);
      }
      metaData = known;
    }
    return known;
  }

  @Override
  public void close() throws SQLException {
    try {
      delegate.close();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    if (statement != null) {
      statement.resultSetClosed();
    }
  }

  // Values that lead back to a connection, wrapped.

  @Override
  public Array getArray(int columnIndex) throws SQLException {
    try {
      return (Array) VenvArray.wrap(delegate.getArray(columnIndex), statement, route);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Array getArray(String columnLabel) throws SQLException {
    try {
      return (Array) VenvArray.wrap(delegate.getArray(columnLabel), statement, route);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Object getObject(int columnIndex) throws SQLException {
    try {
      return VenvArray.wrap(delegate.getObject(columnIndex), statement, route);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Object getObject(String columnLabel) throws SQLException {
    try {
      return VenvArray.wrap(delegate.getObject(columnLabel), statement, route);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Object getObject(int columnIndex, Map<String, Class<?>> map) throws SQLException {
    try {
      return VenvArray.wrap(delegate.getObject(columnIndex, map), statement, route);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Object getObject(String columnLabel, Map<String, Class<?>> map) throws SQLException {
    try {
      return VenvArray.wrap(delegate.getObject(columnLabel, map), statement, route);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
    try {
      return VenvArray.wrap(delegate.getObject(columnIndex, type), type, statement, route);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
    try {
      return VenvArray.wrap(delegate.getObject(columnLabel, type), type, statement, route);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }
}
