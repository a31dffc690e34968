package dev.venv.jdbc;

import dev.venv.state.PhysicalName;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/**
 * Result columns as the client thinks of them: where the backend names the table a column comes
 * from — a model's physical table or an environment's view — the model's logical schema and name
 * are reported instead. DuckDB names no tables (empty strings), which pass through as they are.
 */
public final class VenvResultSetMetaData implements ResultSetMetaData {
  private final ResultSetMetaData delegate;
  private final EnvironmentRoute route;

  VenvResultSetMetaData(ResultSetMetaData delegate, EnvironmentRoute route) {
    this.delegate = delegate;
    this.route = route;
  }

  @Override
  public String getTableName(int column) throws SQLException {
    try {
      String table = delegate.getTableName(column);
      EnvironmentRoute.LogicalTable logical = logical(delegate.getSchemaName(column), table);
      return logical == null ? table : logical.table();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public String getSchemaName(int column) throws SQLException {
    try {
      String schema = delegate.getSchemaName(column);
      EnvironmentRoute.LogicalTable logical = logical(schema, delegate.getTableName(column));
      if (logical != null) {
        return logical.schema();
      }
      return schema == null || schema.isEmpty() ? schema : route.logicalSchema(schema);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  /** The model behind a backend table, or {@code null}. */
  private EnvironmentRoute.LogicalTable logical(String schema, String table) {
    if (table == null || table.isEmpty()) {
      return null;
    }
    if (schema != null && !schema.isEmpty()) {
      return route.logicalTable(schema, table);
    }
    // PostgreSQL names a column's table without its schema; a physical table's name
    // (<schema>__<table>__<version>) still says which venv__<schema> it lives in.
    for (String modelSchema : route.modelSchemas()) {
      if (table.startsWith(modelSchema + "__")) {
        EnvironmentRoute.LogicalTable logical = route.logicalTable(PhysicalName.SCHEMA_PREFIX + modelSchema, table);
        if (logical != null) {
          return logical;
        }
      }
    }
    return null;
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return Wrappers.unwrap(this, delegate, iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return Wrappers.isWrapperFor(this, delegate, iface);
  }

  // Forwarded as they are.

  @Override
  public int getColumnCount() throws SQLException {
    try {
      return delegate.getColumnCount();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean isAutoIncrement(int column) throws SQLException {
    try {
      return delegate.isAutoIncrement(column);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean isCaseSensitive(int column) throws SQLException {
    try {
      return delegate.isCaseSensitive(column);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean isSearchable(int column) throws SQLException {
    try {
      return delegate.isSearchable(column);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean isCurrency(int column) throws SQLException {
    try {
      return delegate.isCurrency(column);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public int isNullable(int column) throws SQLException {
    try {
      return delegate.isNullable(column);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean isSigned(int column) throws SQLException {
    try {
      return delegate.isSigned(column);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public int getColumnDisplaySize(int column) throws SQLException {
    try {
      return delegate.getColumnDisplaySize(column);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public String getColumnLabel(int column) throws SQLException {
    try {
      return delegate.getColumnLabel(column);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public String getColumnName(int column) throws SQLException {
    try {
      return delegate.getColumnName(column);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public int getPrecision(int column) throws SQLException {
    try {
      return delegate.getPrecision(column);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public int getScale(int column) throws SQLException {
    try {
      return delegate.getScale(column);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public String getCatalogName(int column) throws SQLException {
    try {
      return delegate.getCatalogName(column);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public int getColumnType(int column) throws SQLException {
    try {
      return delegate.getColumnType(column);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public String getColumnTypeName(int column) throws SQLException {
    try {
      return delegate.getColumnTypeName(column);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean isReadOnly(int column) throws SQLException {
    try {
      return delegate.isReadOnly(column);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean isWritable(int column) throws SQLException {
    try {
      return delegate.isWritable(column);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean isDefinitelyWritable(int column) throws SQLException {
    try {
      return delegate.isDefinitelyWritable(column);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public String getColumnClassName(int column) throws SQLException {
    try {
      return delegate.getColumnClassName(column);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }
}
