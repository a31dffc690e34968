package dev.venv.jdbc;

import dev.venv.engine.Engine;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A backend {@link java.sql.DatabaseMetaData} result as a client of the environment sees it: rows
 * in venv's schemas and in other environments' view schemas are skipped, and the schema, table and
 * type columns of the rest are relabelled — this environment's view schema {@code marts__dev}
 * reads {@code marts}, a model's view reads as the model with type {@code TABLE} or {@code VIEW},
 * a backend's own table type name ({@code BASE TABLE}) reads as JDBC's ({@code TABLE}).
 *
 * <p>Why a filter over the backend's result and not rows built in memory: every column keeps the
 * backend's values, types and metadata, and the result streams. It works because every model has
 * a view of its own name in the environment's view schema, so one backend query finds them all.
 * The cost: rows keep the backend's order, so a relabelled row (a model's view reported as a
 * {@code TABLE}) does not move to where JDBC's sort order on the new value would put it.
 *
 * <p>Columns are found by their JDBC labels: every {@code *_SCHEM} column is a schema, paired with
 * {@code *TABLE_NAME} where the result has one ({@code TABLE_}, {@code PKTABLE_}, {@code FKTABLE_});
 * {@code TABLE_TYPE} is the type. Relabelled values are read through {@code getString},
 * {@code getNString} and {@code getObject}.
 */
final class MetaDataResultSet extends VenvResultSet {
  private final EnvironmentRoute route;
  /** Whose table type names the rows carry ({@code BASE TABLE}) and how JDBC names them. */
  private final Engine engine;
  private final int[] schemaColumns;
  /** The table column paired with each schema column, or 0. */
  private final int[] tableColumns;
  private final int typeColumn;
  /** {@code true} for the rows of {@code getSchemas}: a schema without a table. */
  private final boolean schemaRows;
  private final Pattern schemaFilter;
  private final Set<String> types;
  /** No row at all: the object asked about is not this environment's to show. */
  private boolean empty;
  /** This row's relabelled values by column; {@code relabelled[i]} says whether {@code values[i]} holds. */
  private final String[] values;
  private final boolean[] relabelled;

  /**
   * @param schemaFilter the logical schema pattern rows must match (on the first schema column), or
   *                     {@code null} when the backend already applied it
   * @param types        the table types rows must have, upper case, {@code BASE TABLE} as {@code TABLE};
   *                     {@code null} for all
   */
  MetaDataResultSet(ResultSet delegate, EnvironmentRoute route, Engine engine, Pattern schemaFilter,
      Set<String> types) throws SQLException {
    super(delegate, null, route);
    this.route = route;
    this.engine = engine;
    this.schemaFilter = schemaFilter;
    ResultSetMetaData md = delegate.getMetaData();
    int n = md.getColumnCount();
    List<String> labels = new ArrayList<>(n + 1);
    labels.add("");
    for (int i = 1; i <= n; i++) {
      String label = md.getColumnLabel(i);
      labels.add(label == null ? "" : label.toUpperCase(Locale.ROOT));
    }
    List<Integer> schemas = new ArrayList<>();
    List<Integer> tables = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      String label = labels.get(i);
      if (label.endsWith("_SCHEM")) {
        String prefix = label.substring(0, label.length() - "_SCHEM".length());
        schemas.add(i);
        tables.add(prefix.endsWith("TABLE") ? Math.max(labels.indexOf(prefix + "_NAME"), 0) : 0);
      }
    }
    this.schemaColumns = schemas.stream().mapToInt(Integer::intValue).toArray();
    this.tableColumns = tables.stream().mapToInt(Integer::intValue).toArray();
    this.typeColumn = Math.max(labels.indexOf("TABLE_TYPE"), 0);
    this.types = typeColumn == 0 ? null : types;
    this.schemaRows = schemaColumns.length == 1 && tableColumns[0] == 0 && labels.get(schemaColumns[0]).equals("TABLE_SCHEM");
    this.values = new String[n + 1];
    this.relabelled = new boolean[n + 1];
  }

  /**
   * The backend's result without any of its rows, for a question about an object the client must
   * not see (its columns and types stay the backend's).
   */
  static MetaDataResultSet none(ResultSet delegate, EnvironmentRoute route, Engine engine) throws SQLException {
    MetaDataResultSet rs = new MetaDataResultSet(delegate, route, engine, null, null);
    rs.empty = true;
    return rs;
  }

  @Override
  public boolean next() throws SQLException {
    if (empty) {
      return false;
    }
    try {
      while (delegate.next()) {
        if (accept()) {
          return true;
        }
      }
      return false;
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  /** Relabels the current backend row; {@code false} when the client must not see it. */
  private boolean accept() throws SQLException {
    for (int column : schemaColumns) {
      relabelled[column] = false;
    }
    for (int column : tableColumns) {
      relabelled[column] = false;
    }
    relabelled[typeColumn] = false;
    for (int k = 0; k < schemaColumns.length; k++) {
      String schema = delegate.getString(schemaColumns[k]);
      if (schema == null) {
        continue;
      }
      String table = tableColumns[k] == 0 ? null : delegate.getString(tableColumns[k]);
      if (route.clientNames().isHidden(schema, table)) {
        return false;
      }
      EnvironmentRoute.LogicalTable logical = route.clientNames().logicalTable(schema, table);
      if (logical != null) {
        relabel(schemaColumns[k], logical.schema());
        relabel(tableColumns[k], logical.table());
        if (k == 0 && typeColumn != 0) {
          relabel(typeColumn, logical.type());
        }
      } else {
        String name = route.clientNames().logicalSchema(schema);
        if (!name.equals(schema)) {
          relabel(schemaColumns[k], name);
        }
      }
    }
    if (typeColumn != 0 && !relabelled[typeColumn]) {
      String backendType = delegate.getString(typeColumn);
      String type = backendType == null ? null : engine.jdbcTableType(backendType);
      if (type != null && !type.equals(backendType)) {
        relabel(typeColumn, type);
      }
    }
    if (schemaFilter != null && schemaColumns.length > 0) {
      String schema = current(schemaColumns[0]);
      if (schema == null || !schemaFilter.matcher(schema).matches()) {
        return false;
      }
    }
    if (types != null) {
      String type = current(typeColumn);
      return type != null && types.contains(type.toUpperCase(Locale.ROOT));
    }
    return true;
  }

  private void relabel(int column, String value) {
    if (column != 0) {
      values[column] = value;
      relabelled[column] = true;
    }
  }

  private String current(int column) throws SQLException {
    return relabelled[column] ? values[column] : delegate.getString(column);
  }

  @Override
  public String getString(int columnIndex) throws SQLException {
    if (columnIndex > 0 && columnIndex < relabelled.length && relabelled[columnIndex]) {
      return read(columnIndex);
    }
    return super.getString(columnIndex);
  }

  @Override
  public String getString(String columnLabel) throws SQLException {
    return getString(findColumn(columnLabel));
  }

  @Override
  public String getNString(int columnIndex) throws SQLException {
    if (columnIndex > 0 && columnIndex < relabelled.length && relabelled[columnIndex]) {
      return read(columnIndex);
    }
    return super.getNString(columnIndex);
  }

  @Override
  public String getNString(String columnLabel) throws SQLException {
    return getNString(findColumn(columnLabel));
  }

  @Override
  public Object getObject(int columnIndex) throws SQLException {
    if (columnIndex > 0 && columnIndex < relabelled.length && relabelled[columnIndex]) {
      return read(columnIndex);
    }
    return super.getObject(columnIndex);
  }

  @Override
  public Object getObject(String columnLabel) throws SQLException {
    return getObject(findColumn(columnLabel));
  }

  @Override
  public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
    if (columnIndex > 0 && columnIndex < relabelled.length && relabelled[columnIndex]
        && (type == String.class || type == Object.class)) {
      return type.cast(read(columnIndex));
    }
    return super.getObject(columnIndex, type);
  }

  @Override
  public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
    return getObject(findColumn(columnLabel), type);
  }

  /**
   * A relabelled value. The backend's value is read too, only so that {@link #wasNull()} (the
   * backend's) describes this read: a relabelled value is never null, nor is the value it replaces.
   */
  private String read(int column) throws SQLException {
    delegate.getString(column);
    return values[column];
  }
}
