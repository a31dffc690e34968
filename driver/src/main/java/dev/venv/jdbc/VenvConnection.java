package dev.venv.jdbc;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.ShardingKey;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A connection to one environment: every SQL text is routed before the backend sees it, the
 * session schema is the logical one, and statements, metadata and result sets are venv's wrappers
 * whose back-references lead here.
 *
 * <p>Like HikariCP's {@code ProxyConnection}, only the methods with behaviour are written out;
 * the rest forward to the backend connection and give its errors a SQLState.
 */
public final class VenvConnection implements Connection {
  private final Connection delegate;
  private final EnvironmentRoute route;
  private final String url;
  private final AutoCloseable onClose;
  private final AtomicBoolean closed = new AtomicBoolean();
  /**
   * The session's schemas as the client named them: {@code marts}, while the backend's is
   * {@code marts__dev}; a search path of several is comma-separated ({@code main,marts}), the first
   * being the current schema.
   */
  private volatile String schema;
  /** Set once the backend said it has no {@code nativeSQL}. */
  private boolean backendHasNoNativeSql;

  /**
   * @param backend the backend's connection, owned from now on
   * @param route   how SQL reaches the environment
   * @param url     the {@code jdbc:venv:} URL, for {@link DatabaseMetaData#getURL()}
   * @param onClose closed once, after the backend connection (the engine that holds the database open)
   */
  VenvConnection(Connection backend, EnvironmentRoute route, String url, AutoCloseable onClose) throws SQLException {
    this.delegate = backend;
    this.route = route;
    this.url = url;
    this.onClose = onClose;
    try {
      this.schema = route.logicalSchema(backend.getSchema());
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  /** The name of the environment this connection reads. */
  public String environment() {
    return route.environment();
  }

  /** The text to send for {@code sql} in this session. */
  Routed route(String sql) throws SQLException {
    return route.route(sql, schema);
  }

  EnvironmentRoute environmentRoute() {
    return route;
  }

  Connection backend() {
    return delegate;
  }

  String url() {
    return url;
  }

  /** A statement the client executed ({@code USE s}, {@code SET schema}) changed the session schema. */
  void schemaChanged(String logical) throws SQLException {
    // "" is a RESET: the backend is back on its default schema, whatever that is
    if (logical.isEmpty()) {
      schema = route.logicalSchema(delegate.getSchema());
      return;
    }
    StringBuilder path = new StringBuilder();
    for (String part : logical.split(",")) {
      path.append(path.length() == 0 ? "" : ",").append(canonicalSchema(part));
    }
    schema = path.toString();
  }

  /** Model schemas are lower case; any other schema keeps the client's spelling. */
  private String canonicalSchema(String logical) {
    if (logical == null) {
      return null;
    }
    String lower = logical.toLowerCase(Locale.ROOT);
    return route.modelSchemas().contains(lower) ? lower : logical;
  }

  @Override
  public Statement createStatement() throws SQLException {
    return createStatement(StatementShape.DEFAULT);
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
    return createStatement(StatementShape.of(resultSetType, resultSetConcurrency));
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
      throws SQLException {
    return createStatement(StatementShape.of(resultSetType, resultSetConcurrency, resultSetHoldability));
  }

  private Statement createStatement(StatementShape shape) throws SQLException {
    try {
      return new VenvStatement(this, shape.create(delegate), shape);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public PreparedStatement prepareStatement(String sql) throws SQLException {
    return prepareStatement(sql, StatementShape.DEFAULT);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    return prepareStatement(sql, StatementShape.of(resultSetType, resultSetConcurrency));
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
      int resultSetHoldability) throws SQLException {
    return prepareStatement(sql, StatementShape.of(resultSetType, resultSetConcurrency, resultSetHoldability));
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
    return prepareStatement(sql, StatementShape.generatedKeys(autoGeneratedKeys));
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
    return prepareStatement(sql, StatementShape.generatedKeys(columnIndexes));
  }

  @Override
  public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
    return prepareStatement(sql, StatementShape.generatedKeys(columnNames));
  }

  private PreparedStatement prepareStatement(String sql, StatementShape shape) throws SQLException {
    Routed routed = route(sql);
    try {
      return new VenvPreparedStatement(this, shape.prepare(delegate, routed.sql()), routed, shape);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public CallableStatement prepareCall(String sql) throws SQLException {
    return prepareCall(sql, StatementShape.DEFAULT);
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
    return prepareCall(sql, StatementShape.of(resultSetType, resultSetConcurrency));
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
      int resultSetHoldability) throws SQLException {
    return prepareCall(sql, StatementShape.of(resultSetType, resultSetConcurrency, resultSetHoldability));
  }

  private CallableStatement prepareCall(String sql, StatementShape shape) throws SQLException {
    Routed routed = route(sql);
    try {
      return new VenvCallableStatement(this, shape.prepareCall(delegate, routed.sql()), routed, shape);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  /** The routed text, after the backend's own escape processing where it has any (DuckDB has none). */
  @Override
  public String nativeSQL(String sql) throws SQLException {
    Routed routed = route(sql);
    if (backendHasNoNativeSql) {
      return routed.sql();
    }
    try {
      return delegate.nativeSQL(routed.sql());
    } catch (SQLFeatureNotSupportedException e) {
      // DuckDB has none; asking again would cost an exception per call
      backendHasNoNativeSql = true;
      return routed.sql();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  /** Points the backend at the environment's view schema when {@code schema} is a model schema. */
  @Override
  public void setSchema(String schema) throws SQLException {
    String logical = canonicalSchema(schema);
    try {
      delegate.setSchema(route.backendSchema(logical));
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    this.schema = logical;
  }

  /** The logical session schema: {@code marts}, never the backend's {@code marts__dev}. */
  @Override
  public String getSchema() throws SQLException {
    if (closed.get()) {
      throw closedError();
    }
    String path = schema;
    int comma = path == null ? -1 : path.indexOf(',');
    return comma < 0 ? path : path.substring(0, comma);
  }

  @Override
  public DatabaseMetaData getMetaData() throws SQLException {
    try {
      return new VenvDatabaseMetaData(this, delegate.getMetaData());
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  /** Closes the backend connection, then what the driver opened for it; once, however often called. */
  @Override
  public void close() throws SQLException {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    SQLException failure = null;
    try {
      delegate.close();
    } catch (SQLException e) {
      failure = SqlStates.ensure(e);
    }
    try {
      onClose.close();
    } catch (Exception e) {
      if (failure == null) {
        failure = e instanceof SQLException ? SqlStates.ensure((SQLException) e) : new SQLException(
            "venv: closing the connection to environment " + route.environment() + " failed: " + e, "HY000", e);
      } else {
        failure.addSuppressed(e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public boolean isClosed() throws SQLException {
    try {
      return closed.get() || delegate.isClosed();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  /**
   * Aborts the backend connection, then releases what the driver opened for it on {@code executor}
   * too, after the backend's own abort work was handed over.
   */
  @Override
  public void abort(Executor executor) throws SQLException {
    if (executor == null) {
      throw new SQLException("venv: abort needs an executor", "HY009");
    }
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      delegate.abort(executor);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    } finally {
      executor.execute(() -> {
        try {
          onClose.close();
        } catch (Exception ignored) {
          // Nobody to tell: abort is fire-and-forget by contract.
        }
      });
    }
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return Wrappers.unwrap(this, delegate, iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return Wrappers.isWrapperFor(this, delegate, iface);
  }

  private SQLException closedError() {
    return new SQLException("venv: the connection to environment " + route.environment() + " is closed", "08003");
  }

  // Forwarded as they are.

  @Override
  public void setAutoCommit(boolean autoCommit) throws SQLException {
    try {
      delegate.setAutoCommit(autoCommit);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean getAutoCommit() throws SQLException {
    try {
      return delegate.getAutoCommit();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void commit() throws SQLException {
    try {
      delegate.commit();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void rollback() throws SQLException {
    try {
      delegate.rollback();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setReadOnly(boolean readOnly) throws SQLException {
    try {
      delegate.setReadOnly(readOnly);
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
  public void setCatalog(String catalog) throws SQLException {
    try {
      delegate.setCatalog(catalog);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public String getCatalog() throws SQLException {
    try {
      return delegate.getCatalog();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setTransactionIsolation(int level) throws SQLException {
    try {
      delegate.setTransactionIsolation(level);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public int getTransactionIsolation() throws SQLException {
    try {
      return delegate.getTransactionIsolation();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    try {
      return delegate.getWarnings();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void clearWarnings() throws SQLException {
    try {
      delegate.clearWarnings();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Map<String, Class<?>> getTypeMap() throws SQLException {
    try {
      return delegate.getTypeMap();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
    try {
      delegate.setTypeMap(map);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setHoldability(int holdability) throws SQLException {
    try {
      delegate.setHoldability(holdability);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public int getHoldability() throws SQLException {
    try {
      return delegate.getHoldability();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Savepoint setSavepoint() throws SQLException {
    try {
      return delegate.setSavepoint();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Savepoint setSavepoint(String name) throws SQLException {
    try {
      return delegate.setSavepoint(name);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void rollback(Savepoint savepoint) throws SQLException {
    try {
      delegate.rollback(savepoint);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void releaseSavepoint(Savepoint savepoint) throws SQLException {
    try {
      delegate.releaseSavepoint(savepoint);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Clob createClob() throws SQLException {
    try {
      return delegate.createClob();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Blob createBlob() throws SQLException {
    try {
      return delegate.createBlob();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public NClob createNClob() throws SQLException {
    try {
      return delegate.createNClob();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public SQLXML createSQLXML() throws SQLException {
    try {
      return delegate.createSQLXML();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean isValid(int timeout) throws SQLException {
    try {
      return delegate.isValid(timeout);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setClientInfo(String name, String value) throws SQLClientInfoException {
    delegate.setClientInfo(name, value);
  }

  @Override
  public void setClientInfo(Properties properties) throws SQLClientInfoException {
    delegate.setClientInfo(properties);
  }

  @Override
  public String getClientInfo(String name) throws SQLException {
    try {
      return delegate.getClientInfo(name);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Properties getClientInfo() throws SQLException {
    try {
      return delegate.getClientInfo();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
    try {
      return delegate.createArrayOf(typeName, elements);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
    try {
      return delegate.createStruct(typeName, attributes);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
    try {
      delegate.setNetworkTimeout(executor, milliseconds);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public int getNetworkTimeout() throws SQLException {
    try {
      return delegate.getNetworkTimeout();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void beginRequest() throws SQLException {
    try {
      delegate.beginRequest();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void endRequest() throws SQLException {
    try {
      delegate.endRequest();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean setShardingKeyIfValid(ShardingKey shardingKey, ShardingKey superShardingKey, int timeout) throws SQLException {
    try {
      return delegate.setShardingKeyIfValid(shardingKey, superShardingKey, timeout);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean setShardingKeyIfValid(ShardingKey shardingKey, int timeout) throws SQLException {
    try {
      return delegate.setShardingKeyIfValid(shardingKey, timeout);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setShardingKey(ShardingKey shardingKey, ShardingKey superShardingKey) throws SQLException {
    try {
      delegate.setShardingKey(shardingKey, superShardingKey);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setShardingKey(ShardingKey shardingKey) throws SQLException {
    try {
      delegate.setShardingKey(shardingKey);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }
}
