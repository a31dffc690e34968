package dev.venv.jdbc;

import dev.venv.engine.Engine;
import dev.venv.forwarding.Forwarding;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The backend's metadata, showing the environment as the user thinks of it: models under their
 * logical schema and name with type {@code TABLE} or {@code VIEW}, the backend's own schemas and
 * objects, and none of venv's schemas ({@code venv__*}, {@code venv_state}) or other
 * environments' view schemas. Product name and version pass through; {@link #getURL()} is the
 * venv URL.
 *
 * <p>Results are the backend's, filtered and relabelled row by row ({@link MetaDataResultSet}).
 * Schema patterns are matched against logical names: where a pattern could match a model schema
 * whose view schema has another name ({@code marts} is {@code marts__dev}), the backend is asked
 * for every schema and the pattern applied here. Schema names (not patterns) are mapped to the
 * backend's. Types {@code TABLE} and {@code BASE TABLE} are synonyms in filters.
 */
@Forwarding(value = DatabaseMetaData.class, wrapped = {"getURL", "getDriverName", "getDriverVersion",
    "getDriverMajorVersion", "getDriverMinorVersion"})
public final class VenvDatabaseMetaData extends ForwardingDatabaseMetaData {
  private final VenvConnection connection;
  private final EnvironmentRoute route;
  private final Engine engine;
  private String searchStringEscape;

  VenvDatabaseMetaData(VenvConnection connection, DatabaseMetaData delegate) {
    super(delegate);
    this.connection = connection;
    this.route = connection.environmentRoute();
    this.engine = connection.engine();
  }

  @Override
  public String getURL() throws SQLException {
    return connection.url();
  }

  @Override
  public Connection getConnection() throws SQLException {
    return connection;
  }

  /**
   * venv's name and the backend driver's ({@code venv-jdbc (DuckDB JDBC v1.4.4)}): a tool that
   * shows or logs the driver should show what routes the SQL, and what runs it.
   */
  @Override
  public String getDriverName() throws SQLException {
    return "venv-jdbc (" + backendDriver() + ")";
  }

  /** venv's version, then the backend driver's: {@code 0.1.0 (PostgreSQL JDBC Driver 42.7.14)}. */
  @Override
  public String getDriverVersion() throws SQLException {
    return VenvDriver.VERSION + " (" + backendDriver() + ")";
  }

  @Override
  public int getDriverMajorVersion() {
    return VenvDriver.MAJOR_VERSION;
  }

  @Override
  public int getDriverMinorVersion() {
    return VenvDriver.MINOR_VERSION;
  }

  private String backendDriver() throws SQLException {
    try {
      return engine.backendDriver(delegate);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public ResultSet getSchemas() throws SQLException {
    try {
      return logical(delegate.getSchemas(), null, null);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public ResultSet getSchemas(String catalog, String schemaPattern) throws SQLException {
    try {
      return logical(delegate.getSchemas(catalog, backendPattern(schemaPattern)), schemaPattern, null);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public ResultSet getTables(String catalog, String schemaPattern, String tableNamePattern, String[] types)
      throws SQLException {
    Set<String> wanted = null;
    String[] backendTypes = null;
    if (types != null) {
      wanted = new LinkedHashSet<>();
      for (String type : types) {
        if (type != null) {
          String upper = type.toUpperCase(Locale.ROOT);
          wanted.add(engine.jdbcTableType(upper));
        }
      }
      Set<String> asked = new LinkedHashSet<>(wanted);
      if (asked.contains("TABLE")) {
        asked.addAll(engine.backendTableTypes("TABLE"));
        asked.add("VIEW"); // a table model is a VIEW in its view schema
      }
      backendTypes = asked.toArray(new String[0]);
    }
    try {
      return logical(delegate.getTables(catalog, backendPattern(schemaPattern), tableNamePattern, backendTypes),
          schemaPattern, wanted);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public ResultSet getTableTypes() throws SQLException {
    try {
      return logical(delegate.getTableTypes(), null, null);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public ResultSet getColumns(String catalog, String schemaPattern, String tableNamePattern, String columnNamePattern)
      throws SQLException {
    try {
      return logical(delegate.getColumns(catalog, backendPattern(schemaPattern), tableNamePattern, columnNamePattern),
          schemaPattern, null);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public ResultSet getPseudoColumns(String catalog, String schemaPattern, String tableNamePattern,
      String columnNamePattern) throws SQLException {
    try {
      return logical(delegate.getPseudoColumns(catalog, backendPattern(schemaPattern), tableNamePattern,
          columnNamePattern), schemaPattern, null);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public ResultSet getTablePrivileges(String catalog, String schemaPattern, String tableNamePattern)
      throws SQLException {
    try {
      return logical(delegate.getTablePrivileges(catalog, backendPattern(schemaPattern), tableNamePattern),
          schemaPattern, null);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public ResultSet getColumnPrivileges(String catalog, String schema, String table, String columnNamePattern)
      throws SQLException {
    try {
      return logical(delegate.getColumnPrivileges(catalog, route.clientNames().backendSchema(schema), table, columnNamePattern),
          null, null);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public ResultSet getBestRowIdentifier(String catalog, String schema, String table, int scope, boolean nullable)
      throws SQLException {
    try {
      ResultSet rs = delegate.getBestRowIdentifier(catalog, route.clientNames().backendSchema(schema), table, scope, nullable);
      // no schema column to filter on: a venv object or another environment's answers nothing
      return route.clientNames().isHidden(schema, table) ? hidden(rs) : logical(rs, null, null);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public ResultSet getVersionColumns(String catalog, String schema, String table) throws SQLException {
    try {
      ResultSet rs = delegate.getVersionColumns(catalog, route.clientNames().backendSchema(schema), table);
      // no schema column to filter on: a venv object or another environment's answers nothing
      return route.clientNames().isHidden(schema, table) ? hidden(rs) : logical(rs, null, null);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public ResultSet getPrimaryKeys(String catalog, String schema, String table) throws SQLException {
    try {
      return logical(delegate.getPrimaryKeys(catalog, route.clientNames().backendSchema(schema), table), null, null);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public ResultSet getImportedKeys(String catalog, String schema, String table) throws SQLException {
    try {
      return logical(delegate.getImportedKeys(catalog, route.clientNames().backendSchema(schema), table), null, null);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public ResultSet getExportedKeys(String catalog, String schema, String table) throws SQLException {
    try {
      return logical(delegate.getExportedKeys(catalog, route.clientNames().backendSchema(schema), table), null, null);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public ResultSet getCrossReference(String parentCatalog, String parentSchema, String parentTable,
      String foreignCatalog, String foreignSchema, String foreignTable) throws SQLException {
    try {
      return logical(delegate.getCrossReference(parentCatalog, route.clientNames().backendSchema(parentSchema), parentTable,
          foreignCatalog, route.clientNames().backendSchema(foreignSchema), foreignTable), null, null);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public ResultSet getIndexInfo(String catalog, String schema, String table, boolean unique, boolean approximate)
      throws SQLException {
    try {
      return logical(delegate.getIndexInfo(catalog, route.clientNames().backendSchema(schema), table, unique, approximate),
          null, null);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public ResultSet getProcedures(String catalog, String schemaPattern, String procedureNamePattern)
      throws SQLException {
    try {
      return logical(delegate.getProcedures(catalog, backendPattern(schemaPattern), procedureNamePattern),
          schemaPattern, null);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public ResultSet getProcedureColumns(String catalog, String schemaPattern, String procedureNamePattern,
      String columnNamePattern) throws SQLException {
    try {
      return logical(delegate.getProcedureColumns(catalog, backendPattern(schemaPattern), procedureNamePattern,
          columnNamePattern), schemaPattern, null);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public ResultSet getFunctions(String catalog, String schemaPattern, String functionNamePattern)
      throws SQLException {
    try {
      return logical(delegate.getFunctions(catalog, backendPattern(schemaPattern), functionNamePattern),
          schemaPattern, null);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public ResultSet getFunctionColumns(String catalog, String schemaPattern, String functionNamePattern,
      String columnNamePattern) throws SQLException {
    try {
      return logical(delegate.getFunctionColumns(catalog, backendPattern(schemaPattern), functionNamePattern,
          columnNamePattern), schemaPattern, null);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public ResultSet getUDTs(String catalog, String schemaPattern, String typeNamePattern, int[] types)
      throws SQLException {
    try {
      return logical(delegate.getUDTs(catalog, backendPattern(schemaPattern), typeNamePattern, types),
          schemaPattern, null);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public ResultSet getSuperTypes(String catalog, String schemaPattern, String typeNamePattern) throws SQLException {
    try {
      return logical(delegate.getSuperTypes(catalog, backendPattern(schemaPattern), typeNamePattern),
          schemaPattern, null);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public ResultSet getSuperTables(String catalog, String schemaPattern, String tableNamePattern)
      throws SQLException {
    try {
      return logical(delegate.getSuperTables(catalog, backendPattern(schemaPattern), tableNamePattern),
          schemaPattern, null);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public ResultSet getAttributes(String catalog, String schemaPattern, String typeNamePattern,
      String attributeNamePattern) throws SQLException {
    try {
      return logical(delegate.getAttributes(catalog, backendPattern(schemaPattern), typeNamePattern,
          attributeNamePattern), schemaPattern, null);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public ResultSet getCatalogs() throws SQLException {
    try {
      return logical(delegate.getCatalogs(), null, null);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public ResultSet getTypeInfo() throws SQLException {
    try {
      return logical(delegate.getTypeInfo(), null, null);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public ResultSet getClientInfoProperties() throws SQLException {
    try {
      return logical(delegate.getClientInfoProperties(), null, null);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  /**
   * The backend's result, relabelled and filtered.
   *
   * @param schemaPattern the client's pattern, or {@code null}
   */
  private ResultSet logical(ResultSet rs, String schemaPattern, Set<String> types) throws SQLException {
    if (rs == null) {
      return null;
    }
    // Matched here even when the backend matched it too: its rows are relabelled (marts__dev is marts).
    Pattern filter = schemaPattern == null ? null : like(schemaPattern);
    try {
      return new MetaDataResultSet(rs, route, engine, filter, types);
    } catch (SQLException | RuntimeException e) {
      rs.close();
      throw e;
    }
  }

  private ResultSet hidden(ResultSet rs) throws SQLException {
    if (rs == null) {
      return null;
    }
    try {
      return MetaDataResultSet.none(rs, route, engine);
    } catch (SQLException | RuntimeException e) {
      rs.close();
      throw e;
    }
  }

  /**
   * The schema pattern to ask the backend for: the client's, unless it could match a model schema
   * whose view schema has another name — then {@code null}, every schema, matched here on logical names.
   */
  private String backendPattern(String schemaPattern) throws SQLException {
    if (schemaPattern == null) {
      return null;
    }
    Pattern pattern = null;
    for (String modelSchema : route.modelSchemas()) {
      if (!route.clientNames().viewSchema(modelSchema).equals(modelSchema)) {
        if (pattern == null) {
          pattern = like(schemaPattern);
        }
        if (pattern.matcher(modelSchema).matches()) {
          return null;
        }
      }
    }
    return schemaPattern;
  }

  /** A JDBC search pattern ({@code %}, {@code _}, the backend's escape) as a regular expression. */
  private Pattern like(String searchPattern) throws SQLException {
    if (searchStringEscape == null) {
      String escape = delegate.getSearchStringEscape();
      searchStringEscape = escape == null ? "" : escape;
    }
    StringBuilder regex = new StringBuilder(searchPattern.length() + 8);
    int i = 0;
    while (i < searchPattern.length()) {
      if (!searchStringEscape.isEmpty() && searchPattern.startsWith(searchStringEscape, i)
          && i + searchStringEscape.length() < searchPattern.length()) {
        i += searchStringEscape.length();
        regex.append(Pattern.quote(String.valueOf(searchPattern.charAt(i))));
      } else if (searchPattern.charAt(i) == '%') {
        regex.append(".*");
      } else if (searchPattern.charAt(i) == '_') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(searchPattern.charAt(i))));
      }
      i++;
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }
}
