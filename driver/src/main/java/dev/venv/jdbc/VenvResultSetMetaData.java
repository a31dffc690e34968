package dev.venv.jdbc;

import dev.venv.state.PhysicalName;
import dev.venv.forwarding.Forwarding;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/**
 * Result columns as the client thinks of them: where the backend names the table a column comes
 * from — a model's physical table or an environment's view — the model's logical schema and name
 * are reported instead. DuckDB names no tables (empty strings), which pass through as they are.
 */
@Forwarding(value = ResultSetMetaData.class, wrapped = {"getTableName", "getSchemaName"})
public final class VenvResultSetMetaData extends ForwardingResultSetMetaData {
  private final EnvironmentRoute route;

  VenvResultSetMetaData(ResultSetMetaData delegate, EnvironmentRoute route) {
    super(delegate);
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
      return schema == null || schema.isEmpty() ? schema : route.clientNames().logicalSchema(schema);
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
      return route.clientNames().logicalTable(schema, table);
    }
    // PostgreSQL names a column's table without its schema; a physical table's name
    // (<schema>__<table>__<version>) still says which venv__<schema> it lives in.
    for (String modelSchema : route.modelSchemas()) {
      if (table.startsWith(modelSchema + "__")) {
        EnvironmentRoute.LogicalTable logical = route.clientNames().logicalTable(PhysicalName.SCHEMA_PREFIX + modelSchema, table);
        if (logical != null) {
          return logical;
        }
      }
    }
    return null;
  }
}
