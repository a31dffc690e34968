package dev.venv.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.RowIdLifetime;
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
public final class VenvDatabaseMetaData implements DatabaseMetaData {
  private final VenvConnection connection;
  private final DatabaseMetaData delegate;
  private final EnvironmentRoute route;
  private String searchStringEscape;

  VenvDatabaseMetaData(VenvConnection connection, DatabaseMetaData delegate) {
    this.connection = connection;
    this.delegate = delegate;
    this.route = connection.environmentRoute();
  }

  @Override
  public String getURL() throws SQLException {
    return connection.url();
  }

  @Override
  public Connection getConnection() throws SQLException {
    return connection;
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
          wanted.add(upper.equals("BASE TABLE") ? "TABLE" : upper);
        }
      }
      Set<String> asked = new LinkedHashSet<>(wanted);
      if (asked.contains("TABLE")) {
        // DuckDB 1.4 says BASE TABLE, 2.0 and PostgreSQL TABLE; a table model is a VIEW in its view schema.
        asked.add("BASE TABLE");
        asked.add("VIEW");
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
      return logical(delegate.getColumnPrivileges(catalog, route.backendSchema(schema), table, columnNamePattern),
          null, null);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public ResultSet getBestRowIdentifier(String catalog, String schema, String table, int scope, boolean nullable)
      throws SQLException {
    try {
      ResultSet rs = delegate.getBestRowIdentifier(catalog, route.backendSchema(schema), table, scope, nullable);
      // no schema column to filter on: a venv object or another environment's answers nothing
      return route.isHidden(schema, table) ? hidden(rs) : logical(rs, null, null);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public ResultSet getVersionColumns(String catalog, String schema, String table) throws SQLException {
    try {
      ResultSet rs = delegate.getVersionColumns(catalog, route.backendSchema(schema), table);
      // no schema column to filter on: a venv object or another environment's answers nothing
      return route.isHidden(schema, table) ? hidden(rs) : logical(rs, null, null);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public ResultSet getPrimaryKeys(String catalog, String schema, String table) throws SQLException {
    try {
      return logical(delegate.getPrimaryKeys(catalog, route.backendSchema(schema), table), null, null);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public ResultSet getImportedKeys(String catalog, String schema, String table) throws SQLException {
    try {
      return logical(delegate.getImportedKeys(catalog, route.backendSchema(schema), table), null, null);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public ResultSet getExportedKeys(String catalog, String schema, String table) throws SQLException {
    try {
      return logical(delegate.getExportedKeys(catalog, route.backendSchema(schema), table), null, null);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public ResultSet getCrossReference(String parentCatalog, String parentSchema, String parentTable,
      String foreignCatalog, String foreignSchema, String foreignTable) throws SQLException {
    try {
      return logical(delegate.getCrossReference(parentCatalog, route.backendSchema(parentSchema), parentTable,
          foreignCatalog, route.backendSchema(foreignSchema), foreignTable), null, null);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public ResultSet getIndexInfo(String catalog, String schema, String table, boolean unique, boolean approximate)
      throws SQLException {
    try {
      return logical(delegate.getIndexInfo(catalog, route.backendSchema(schema), table, unique, approximate),
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
      return new MetaDataResultSet(rs, route, filter, types);
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
      return MetaDataResultSet.none(rs, route);
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
      if (!route.viewSchema(modelSchema).equals(modelSchema)) {
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
  public boolean allProceduresAreCallable() throws SQLException {
    try {
      return delegate.allProceduresAreCallable();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean allTablesAreSelectable() throws SQLException {
    try {
      return delegate.allTablesAreSelectable();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public String getUserName() throws SQLException {
    try {
      return delegate.getUserName();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    try {
      return delegate.isReadOnly();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean nullsAreSortedHigh() throws SQLException {
    try {
      return delegate.nullsAreSortedHigh();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean nullsAreSortedLow() throws SQLException {
    try {
      return delegate.nullsAreSortedLow();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean nullsAreSortedAtStart() throws SQLException {
    try {
      return delegate.nullsAreSortedAtStart();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean nullsAreSortedAtEnd() throws SQLException {
    try {
      return delegate.nullsAreSortedAtEnd();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public String getDatabaseProductName() throws SQLException {
    try {
      return delegate.getDatabaseProductName();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public String getDatabaseProductVersion() throws SQLException {
    try {
      return delegate.getDatabaseProductVersion();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public String getDriverName() throws SQLException {
    try {
      return delegate.getDriverName();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public String getDriverVersion() throws SQLException {
    try {
      return delegate.getDriverVersion();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public int getDriverMajorVersion() {
    return delegate.getDriverMajorVersion();
  }

  @Override
  public int getDriverMinorVersion() {
    return delegate.getDriverMinorVersion();
  }

  @Override
  public boolean usesLocalFiles() throws SQLException {
    try {
      return delegate.usesLocalFiles();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean usesLocalFilePerTable() throws SQLException {
    try {
      return delegate.usesLocalFilePerTable();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsMixedCaseIdentifiers() throws SQLException {
    try {
      return delegate.supportsMixedCaseIdentifiers();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean storesUpperCaseIdentifiers() throws SQLException {
    try {
      return delegate.storesUpperCaseIdentifiers();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean storesLowerCaseIdentifiers() throws SQLException {
    try {
      return delegate.storesLowerCaseIdentifiers();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean storesMixedCaseIdentifiers() throws SQLException {
    try {
      return delegate.storesMixedCaseIdentifiers();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsMixedCaseQuotedIdentifiers() throws SQLException {
    try {
      return delegate.supportsMixedCaseQuotedIdentifiers();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean storesUpperCaseQuotedIdentifiers() throws SQLException {
    try {
      return delegate.storesUpperCaseQuotedIdentifiers();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean storesLowerCaseQuotedIdentifiers() throws SQLException {
    try {
      return delegate.storesLowerCaseQuotedIdentifiers();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean storesMixedCaseQuotedIdentifiers() throws SQLException {
    try {
      return delegate.storesMixedCaseQuotedIdentifiers();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public String getIdentifierQuoteString() throws SQLException {
    try {
      return delegate.getIdentifierQuoteString();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public String getSQLKeywords() throws SQLException {
    try {
      return delegate.getSQLKeywords();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public String getNumericFunctions() throws SQLException {
    try {
      return delegate.getNumericFunctions();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public String getStringFunctions() throws SQLException {
    try {
      return delegate.getStringFunctions();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public String getSystemFunctions() throws SQLException {
    try {
      return delegate.getSystemFunctions();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public String getTimeDateFunctions() throws SQLException {
    try {
      return delegate.getTimeDateFunctions();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public String getSearchStringEscape() throws SQLException {
    try {
      return delegate.getSearchStringEscape();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public String getExtraNameCharacters() throws SQLException {
    try {
      return delegate.getExtraNameCharacters();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsAlterTableWithAddColumn() throws SQLException {
    try {
      return delegate.supportsAlterTableWithAddColumn();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsAlterTableWithDropColumn() throws SQLException {
    try {
      return delegate.supportsAlterTableWithDropColumn();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsColumnAliasing() throws SQLException {
    try {
      return delegate.supportsColumnAliasing();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean nullPlusNonNullIsNull() throws SQLException {
    try {
      return delegate.nullPlusNonNullIsNull();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsConvert() throws SQLException {
    try {
      return delegate.supportsConvert();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsConvert(int fromType, int toType) throws SQLException {
    try {
      return delegate.supportsConvert(fromType, toType);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsTableCorrelationNames() throws SQLException {
    try {
      return delegate.supportsTableCorrelationNames();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsDifferentTableCorrelationNames() throws SQLException {
    try {
      return delegate.supportsDifferentTableCorrelationNames();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsExpressionsInOrderBy() throws SQLException {
    try {
      return delegate.supportsExpressionsInOrderBy();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsOrderByUnrelated() throws SQLException {
    try {
      return delegate.supportsOrderByUnrelated();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsGroupBy() throws SQLException {
    try {
      return delegate.supportsGroupBy();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsGroupByUnrelated() throws SQLException {
    try {
      return delegate.supportsGroupByUnrelated();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsGroupByBeyondSelect() throws SQLException {
    try {
      return delegate.supportsGroupByBeyondSelect();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsLikeEscapeClause() throws SQLException {
    try {
      return delegate.supportsLikeEscapeClause();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsMultipleResultSets() throws SQLException {
    try {
      return delegate.supportsMultipleResultSets();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsMultipleTransactions() throws SQLException {
    try {
      return delegate.supportsMultipleTransactions();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsNonNullableColumns() throws SQLException {
    try {
      return delegate.supportsNonNullableColumns();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsMinimumSQLGrammar() throws SQLException {
    try {
      return delegate.supportsMinimumSQLGrammar();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsCoreSQLGrammar() throws SQLException {
    try {
      return delegate.supportsCoreSQLGrammar();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsExtendedSQLGrammar() throws SQLException {
    try {
      return delegate.supportsExtendedSQLGrammar();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsANSI92EntryLevelSQL() throws SQLException {
    try {
      return delegate.supportsANSI92EntryLevelSQL();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsANSI92IntermediateSQL() throws SQLException {
    try {
      return delegate.supportsANSI92IntermediateSQL();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsANSI92FullSQL() throws SQLException {
    try {
      return delegate.supportsANSI92FullSQL();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsIntegrityEnhancementFacility() throws SQLException {
    try {
      return delegate.supportsIntegrityEnhancementFacility();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsOuterJoins() throws SQLException {
    try {
      return delegate.supportsOuterJoins();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsFullOuterJoins() throws SQLException {
    try {
      return delegate.supportsFullOuterJoins();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsLimitedOuterJoins() throws SQLException {
    try {
      return delegate.supportsLimitedOuterJoins();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public String getSchemaTerm() throws SQLException {
    try {
      return delegate.getSchemaTerm();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public String getProcedureTerm() throws SQLException {
    try {
      return delegate.getProcedureTerm();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public String getCatalogTerm() throws SQLException {
    try {
      return delegate.getCatalogTerm();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean isCatalogAtStart() throws SQLException {
    try {
      return delegate.isCatalogAtStart();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public String getCatalogSeparator() throws SQLException {
    try {
      return delegate.getCatalogSeparator();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsSchemasInDataManipulation() throws SQLException {
    try {
      return delegate.supportsSchemasInDataManipulation();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsSchemasInProcedureCalls() throws SQLException {
    try {
      return delegate.supportsSchemasInProcedureCalls();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsSchemasInTableDefinitions() throws SQLException {
    try {
      return delegate.supportsSchemasInTableDefinitions();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsSchemasInIndexDefinitions() throws SQLException {
    try {
      return delegate.supportsSchemasInIndexDefinitions();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsSchemasInPrivilegeDefinitions() throws SQLException {
    try {
      return delegate.supportsSchemasInPrivilegeDefinitions();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsCatalogsInDataManipulation() throws SQLException {
    try {
      return delegate.supportsCatalogsInDataManipulation();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsCatalogsInProcedureCalls() throws SQLException {
    try {
      return delegate.supportsCatalogsInProcedureCalls();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsCatalogsInTableDefinitions() throws SQLException {
    try {
      return delegate.supportsCatalogsInTableDefinitions();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsCatalogsInIndexDefinitions() throws SQLException {
    try {
      return delegate.supportsCatalogsInIndexDefinitions();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsCatalogsInPrivilegeDefinitions() throws SQLException {
    try {
      return delegate.supportsCatalogsInPrivilegeDefinitions();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsPositionedDelete() throws SQLException {
    try {
      return delegate.supportsPositionedDelete();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsPositionedUpdate() throws SQLException {
    try {
      return delegate.supportsPositionedUpdate();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsSelectForUpdate() throws SQLException {
    try {
      return delegate.supportsSelectForUpdate();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsStoredProcedures() throws SQLException {
    try {
      return delegate.supportsStoredProcedures();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsSubqueriesInComparisons() throws SQLException {
    try {
      return delegate.supportsSubqueriesInComparisons();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsSubqueriesInExists() throws SQLException {
    try {
      return delegate.supportsSubqueriesInExists();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsSubqueriesInIns() throws SQLException {
    try {
      return delegate.supportsSubqueriesInIns();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsSubqueriesInQuantifieds() throws SQLException {
    try {
      return delegate.supportsSubqueriesInQuantifieds();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsCorrelatedSubqueries() throws SQLException {
    try {
      return delegate.supportsCorrelatedSubqueries();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsUnion() throws SQLException {
    try {
      return delegate.supportsUnion();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsUnionAll() throws SQLException {
    try {
      return delegate.supportsUnionAll();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsOpenCursorsAcrossCommit() throws SQLException {
    try {
      return delegate.supportsOpenCursorsAcrossCommit();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsOpenCursorsAcrossRollback() throws SQLException {
    try {
      return delegate.supportsOpenCursorsAcrossRollback();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsOpenStatementsAcrossCommit() throws SQLException {
    try {
      return delegate.supportsOpenStatementsAcrossCommit();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsOpenStatementsAcrossRollback() throws SQLException {
    try {
      return delegate.supportsOpenStatementsAcrossRollback();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public int getMaxBinaryLiteralLength() throws SQLException {
    try {
      return delegate.getMaxBinaryLiteralLength();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public int getMaxCharLiteralLength() throws SQLException {
    try {
      return delegate.getMaxCharLiteralLength();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public int getMaxColumnNameLength() throws SQLException {
    try {
      return delegate.getMaxColumnNameLength();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public int getMaxColumnsInGroupBy() throws SQLException {
    try {
      return delegate.getMaxColumnsInGroupBy();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public int getMaxColumnsInIndex() throws SQLException {
    try {
      return delegate.getMaxColumnsInIndex();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public int getMaxColumnsInOrderBy() throws SQLException {
    try {
      return delegate.getMaxColumnsInOrderBy();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public int getMaxColumnsInSelect() throws SQLException {
    try {
      return delegate.getMaxColumnsInSelect();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public int getMaxColumnsInTable() throws SQLException {
    try {
      return delegate.getMaxColumnsInTable();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public int getMaxConnections() throws SQLException {
    try {
      return delegate.getMaxConnections();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public int getMaxCursorNameLength() throws SQLException {
    try {
      return delegate.getMaxCursorNameLength();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public int getMaxIndexLength() throws SQLException {
    try {
      return delegate.getMaxIndexLength();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public int getMaxSchemaNameLength() throws SQLException {
    try {
      return delegate.getMaxSchemaNameLength();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public int getMaxProcedureNameLength() throws SQLException {
    try {
      return delegate.getMaxProcedureNameLength();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public int getMaxCatalogNameLength() throws SQLException {
    try {
      return delegate.getMaxCatalogNameLength();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public int getMaxRowSize() throws SQLException {
    try {
      return delegate.getMaxRowSize();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean doesMaxRowSizeIncludeBlobs() throws SQLException {
    try {
      return delegate.doesMaxRowSizeIncludeBlobs();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public int getMaxStatementLength() throws SQLException {
    try {
      return delegate.getMaxStatementLength();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public int getMaxStatements() throws SQLException {
    try {
      return delegate.getMaxStatements();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public int getMaxTableNameLength() throws SQLException {
    try {
      return delegate.getMaxTableNameLength();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public int getMaxTablesInSelect() throws SQLException {
    try {
      return delegate.getMaxTablesInSelect();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public int getMaxUserNameLength() throws SQLException {
    try {
      return delegate.getMaxUserNameLength();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public int getDefaultTransactionIsolation() throws SQLException {
    try {
      return delegate.getDefaultTransactionIsolation();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsTransactions() throws SQLException {
    try {
      return delegate.supportsTransactions();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsTransactionIsolationLevel(int level) throws SQLException {
    try {
      return delegate.supportsTransactionIsolationLevel(level);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsDataDefinitionAndDataManipulationTransactions() throws SQLException {
    try {
      return delegate.supportsDataDefinitionAndDataManipulationTransactions();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsDataManipulationTransactionsOnly() throws SQLException {
    try {
      return delegate.supportsDataManipulationTransactionsOnly();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean dataDefinitionCausesTransactionCommit() throws SQLException {
    try {
      return delegate.dataDefinitionCausesTransactionCommit();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean dataDefinitionIgnoredInTransactions() throws SQLException {
    try {
      return delegate.dataDefinitionIgnoredInTransactions();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsResultSetType(int type) throws SQLException {
    try {
      return delegate.supportsResultSetType(type);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsResultSetConcurrency(int type, int concurrency) throws SQLException {
    try {
      return delegate.supportsResultSetConcurrency(type, concurrency);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean ownUpdatesAreVisible(int type) throws SQLException {
    try {
      return delegate.ownUpdatesAreVisible(type);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean ownDeletesAreVisible(int type) throws SQLException {
    try {
      return delegate.ownDeletesAreVisible(type);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean ownInsertsAreVisible(int type) throws SQLException {
    try {
      return delegate.ownInsertsAreVisible(type);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean othersUpdatesAreVisible(int type) throws SQLException {
    try {
      return delegate.othersUpdatesAreVisible(type);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean othersDeletesAreVisible(int type) throws SQLException {
    try {
      return delegate.othersDeletesAreVisible(type);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean othersInsertsAreVisible(int type) throws SQLException {
    try {
      return delegate.othersInsertsAreVisible(type);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean updatesAreDetected(int type) throws SQLException {
    try {
      return delegate.updatesAreDetected(type);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean deletesAreDetected(int type) throws SQLException {
    try {
      return delegate.deletesAreDetected(type);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean insertsAreDetected(int type) throws SQLException {
    try {
      return delegate.insertsAreDetected(type);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsBatchUpdates() throws SQLException {
    try {
      return delegate.supportsBatchUpdates();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsSavepoints() throws SQLException {
    try {
      return delegate.supportsSavepoints();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsNamedParameters() throws SQLException {
    try {
      return delegate.supportsNamedParameters();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsMultipleOpenResults() throws SQLException {
    try {
      return delegate.supportsMultipleOpenResults();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsGetGeneratedKeys() throws SQLException {
    try {
      return delegate.supportsGetGeneratedKeys();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsResultSetHoldability(int holdability) throws SQLException {
    try {
      return delegate.supportsResultSetHoldability(holdability);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public int getResultSetHoldability() throws SQLException {
    try {
      return delegate.getResultSetHoldability();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public int getDatabaseMajorVersion() throws SQLException {
    try {
      return delegate.getDatabaseMajorVersion();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public int getDatabaseMinorVersion() throws SQLException {
    try {
      return delegate.getDatabaseMinorVersion();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public int getJDBCMajorVersion() throws SQLException {
    try {
      return delegate.getJDBCMajorVersion();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public int getJDBCMinorVersion() throws SQLException {
    try {
      return delegate.getJDBCMinorVersion();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public int getSQLStateType() throws SQLException {
    try {
      return delegate.getSQLStateType();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean locatorsUpdateCopy() throws SQLException {
    try {
      return delegate.locatorsUpdateCopy();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsStatementPooling() throws SQLException {
    try {
      return delegate.supportsStatementPooling();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public RowIdLifetime getRowIdLifetime() throws SQLException {
    try {
      return delegate.getRowIdLifetime();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsStoredFunctionsUsingCallSyntax() throws SQLException {
    try {
      return delegate.supportsStoredFunctionsUsingCallSyntax();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean autoCommitFailureClosesAllResultSets() throws SQLException {
    try {
      return delegate.autoCommitFailureClosesAllResultSets();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean generatedKeyAlwaysReturned() throws SQLException {
    try {
      return delegate.generatedKeyAlwaysReturned();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public long getMaxLogicalLobSize() throws SQLException {
    try {
      return delegate.getMaxLogicalLobSize();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsRefCursors() throws SQLException {
    try {
      return delegate.supportsRefCursors();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean supportsSharding() throws SQLException {
    try {
      return delegate.supportsSharding();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }
}
