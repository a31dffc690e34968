package dev.venv.jdbc;

import dev.venv.forwarding.Forwarding;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/**
 * An SQL array from the backend whose result sets are venv's: the backend's would name the
 * backend's statement, and through it hand out the backend's own connection, which reads any
 * environment's physical tables unrouted.
 */
@Forwarding(Array.class)
public final class VenvArray extends ForwardingArray {
  private final VenvStatement statement;
  private final EnvironmentRoute route;

  /** @param statement the venv statement the array was read through; {@code null} for one the client created */
  VenvArray(Array delegate, VenvStatement statement, EnvironmentRoute route) {
    super(delegate);
    this.statement = statement;
    this.route = route;
  }

  @Override
  public ResultSet getResultSet() throws SQLException {
    try {
      return new VenvResultSet(delegate.getResultSet(), statement, route);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public ResultSet getResultSet(Map<String, Class<?>> map) throws SQLException {
    try {
      return new VenvResultSet(delegate.getResultSet(map), statement, route);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public ResultSet getResultSet(long index, int count) throws SQLException {
    try {
      return new VenvResultSet(delegate.getResultSet(index, count), statement, route);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public ResultSet getResultSet(long index, int count, Map<String, Class<?>> map) throws SQLException {
    try {
      return new VenvResultSet(delegate.getResultSet(index, count, map), statement, route);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  /**
   * {@code value} as a client may have it: an array or a result set (a PostgreSQL cursor) read from
   * the backend, wrapped; anything else as it is.
   */
  static Object wrap(Object value, VenvStatement statement, EnvironmentRoute route) {
    if (value instanceof ResultSet rs && !(rs instanceof VenvResultSet)) {
      return new VenvResultSet(rs, statement, route);
    }
    if (value instanceof Array array && !(array instanceof VenvArray)) {
      return new VenvArray(array, statement, route);
    }
    return value;
  }

  /**
   * {@link #wrap(Object, VenvStatement, EnvironmentRoute)} for a value asked for as {@code type}:
   * the backend's own object when the client named the backend's class, as with {@code unwrap}.
   */
  static <T> T wrap(T value, Class<T> type, VenvStatement statement, EnvironmentRoute route) {
    Object wrapped = wrap(value, statement, route);
    return type.isInstance(wrapped) ? type.cast(wrapped) : value;
  }
}
