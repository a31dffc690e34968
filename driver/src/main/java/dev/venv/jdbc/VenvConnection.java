package dev.venv.jdbc;

import dev.venv.engine.Engine;
import dev.venv.sql.SessionPath;
import dev.venv.sql.SqlRouter;
import dev.venv.forwarding.Forwarding;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
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
@Forwarding(value = Connection.class, wrapped = {"nativeSQL", "setSchema", "getSchema", "setCatalog", "setAutoCommit",
    "commit", "rollback", "close", "isClosed", "abort"})
public final class VenvConnection extends ForwardingConnection {
  private final EnvironmentRoute route;
  private final String url;
  private final Engine engine;
  private final AutoCloseable onClose;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final SessionPaths sessionPaths;
  /** venv's state, asked (at most once a second) whether model schemas came since the connect. */
  private final dev.venv.state.StateStore state;
  /**
   * The session's search path as the client names it ({@code marts}, while the backend sits on
   * {@code marts__dev}), as last read from the backend: the backend is the truth, since a
   * statement may move it in ways its text does not show. Unknown until first read.
   */
  private volatile SessionPath path = SessionPath.UNKNOWN;
  /**
   * The path must be read from the backend before it is used: not read since the connect, or not
   * readable after a statement that may have moved it (a failed transaction). Read on first use,
   * not on connect: a connect that runs nothing (a pool filling up, a metadata crawl) then costs no
   * query, and nothing reaches the backend's session before a statement, which is routed first.
   */
  private boolean pathStale = true;
  /**
   * Some statement of the open transaction may have moved the path: its end (which undoes a
   * {@code SET} rolled back, or a {@code SET LOCAL}) must be read back too.
   */
  private boolean pathChangedInTransaction;
  /** Set once the backend said it has no {@code nativeSQL}. */
  private boolean backendHasNoNativeSql;

  /**
   * @param backend the backend's connection, owned from now on
   * @param route   how SQL reaches the environment
   * @param url     the {@code jdbc:venv:} URL, for {@link DatabaseMetaData#getURL()}
   * @param engine  the backend's engine: how to read and set the session's search path
   * @param onClose closed once, after the backend connection (the engine that holds the database open)
   */
  VenvConnection(Connection backend, EnvironmentRoute route, String url, Engine engine, AutoCloseable onClose)
      throws SQLException {
    super(backend);
    this.route = route;
    this.url = url;
    this.engine = engine;
    this.onClose = onClose;
    this.sessionPaths = new SessionPaths(route);
    this.state = engine.stateStore();
  }

  /** The name of the environment this connection reads. */
  public String environment() {
    return route.environment();
  }

  /** The text to send for {@code sql} in this session. */
  SqlRouter.Result route(String sql) throws SQLException {
    if (pathStale) {
      try {
        refreshPath();
      } catch (SQLException e) {
        // A failed transaction answers nothing until it ends: route as if the path were
        // unknown, so that only what does not depend on it (ROLLBACK, qualified names) goes on.
        return route(sql, SessionPath.UNKNOWN);
      }
    }
    return route(sql, path);
  }

  /** The text to send for {@code sql} under search path {@code sessionPath} (a batch's, say). */
  SqlRouter.Result route(String sql, SessionPath sessionPath) throws SQLException {
    requireLexingAsRouted();
    route.watch().checkIfDue(state);
    SqlRouter.Result result = route.route(sql, sessionPath);
    if (!result.questions().isEmpty()) {
      result = answered(sql, sessionPath, result);
    }
    if (!result.cascading().isEmpty()) {
      refuseCascadeOntoVenv(result);
    }
    if (!result.definedFunctions().isEmpty()) {
      refuseShadowedBuiltins(result.definedFunctions());
    }
    refuseAttachingWarehouses(result.attached());
    for (String file : result.writtenFiles()) {
      dev.venv.sql.Refusal refusal = engine.fileWriteRefusal(file, environment());
      if (refusal != null) {
        throw new SQLException(refusal.message(), refusal.sqlState());
      }
    }
    return result;
  }

  /**
   * Refuses the next text when the backend session would read it otherwise than routing does
   * (PostgreSQL with standard_conforming_strings turned off by the URL's options, the role's or
   * database's settings, or a function or DO block of a text before), after setting it back.
   */
  void requireLexingAsRouted() throws SQLException {
    String mismatch = engine.lexingMismatch(delegate);
    if (mismatch == null) {
      return;
    }
    String restored;
    try {
      engine.restoreLexing(delegate);
      restored = "venv set it back";
    } catch (SQLException e) {
      restored = "setting it back failed (" + e.getMessage() + "); roll the transaction back";
    }
    throw new SQLException("venv: " + mismatch + " in this session of environment " + environment() + " (the URL's"
        + " options, a setting of the role or database, or a statement before this text), so PostgreSQL would read"
        + " its strings otherwise than routing did; the text is refused and " + restored, "42000");
  }

  /**
   * Routes again a text whose unqualified name a user's schema ahead on the search path may hold:
   * the backend says whether those tables exist, as it would resolve the name. Not cached, since
   * the user may create or drop such a table at any time.
   */
  private SqlRouter.Result answered(String sql, SessionPath sessionPath, SqlRouter.Result asking)
      throws SQLException {
    java.util.Map<dev.venv.sql.UserTables.Question, Boolean> answers = new java.util.HashMap<>();
    SqlRouter.Result result = asking;
    for (int round = 0; !result.questions().isEmpty(); round++) {
      if (round == 32) {
        throw new SQLException("venv: too many unqualified names to resolve in one text in environment "
            + route.environment() + "; qualify them", "54000");
      }
      for (dev.venv.sql.UserTables.Question q : result.questions()) {
        try {
          answers.put(q, engine.tableExists(delegate, q.schema(), q.table()));
        } catch (SQLException e) {
          throw SqlStates.ensure(e);
        }
      }
      result = route.routeUncached(sql, sessionPath,
          (schema, table) -> answers.get(new dev.venv.sql.UserTables.Question(schema, table)));
    }
    return result;
  }

  /**
   * Which state of the backend's model schemas this connection knows, the state asked first if its
   * last answer is over a second old: a text routed at another generation may name a schema that
   * became a model schema since (an environment created or promoted), and must be routed again.
   */
  int modelSchemaGeneration() {
    route.watch().checkIfDue(state);
    return route.watch().generation();
  }

  /** The session's search path, as the client names it. */
  SessionPath path() {
    return path;
  }

  /**
   * After a text that attached a database: detaches every other venv warehouse the session now
   * holds and refuses the text. Their names are no model's here, so routing would pass
   * {@code other.marts.orders} on, and a write through it would change that warehouse's
   * environments. The look before the text ({@link #refuseAttachingWarehouses}) refuses what it
   * cannot tell; this catches a file changed between that look and the ATTACH.
   * Where detaching fails, the session is closed: nothing may run with one attached.
   */
  void refuseAttachedWarehouses() throws SQLException {
    List<String> warehouses;
    try {
      warehouses = engine.attachedWarehouses(delegate);
      for (String alias : warehouses) {
        engine.detach(delegate, alias);
      }
    } catch (SQLException e) {
      SQLException closed = new SQLException("venv: cannot tell or undo what this text attached in environment "
          + environment() + " (" + e.getMessage() + "); the connection is closed", "08003", e);
      try {
        close();
      } catch (SQLException suppressed) {
        closed.addSuppressed(suppressed);
      }
      throw closed;
    }
    if (!warehouses.isEmpty()) {
      throw attachedWarehouse(String.join(", ", warehouses) + ", now detached");
    }
  }

  /**
   * Before a text that attaches {@code paths} runs (when routed, and again at each execute of a
   * prepared one, since the file may have changed): refuses another venv warehouse, and what venv
   * cannot look into. Once attached, a database is the process's: every connection could name it
   * before any look afterwards.
   */
  void refuseAttachingWarehouses(List<String> paths) throws SQLException {
    for (String path : paths) {
      switch (engine.attachTarget(path)) {
        case VENV_WAREHOUSE -> throw attachedWarehouse("'" + path + "'");
        case UNKNOWN -> throw new SQLException("venv: ATTACH '" + path + "' refused in environment " + environment()
            + ": venv cannot look into it to tell whether it is another venv warehouse; attach a DuckDB file by its"
            + " plain path", "42000");
        case OWN_DATA -> { }
      }
    }
  }

  private SQLException attachedWarehouse(String which) {
    return new SQLException("venv: ATTACH of another venv warehouse refused in environment " + environment() + " ("
        + which + "): its environments are read and changed only through a jdbc:venv URL of its own", "42501");
  }

  /** A statement ran that may have moved the search path: ask the backend. */
  void sessionMayHaveChanged() throws SQLException {
    try {
      refreshPath();
      pathChangedInTransaction = !delegate.getAutoCommit();
    } catch (SQLException e) {
      pathStale = true;
      throw SqlStates.ensure(e);
    }
  }

  /** Like {@link #sessionMayHaveChanged()}, after the statement failed: its own error is the one reported. */
  void sessionMayHaveChangedAfterFailure(SQLException failure) {
    try {
      refreshPath();
      pathChangedInTransaction = !delegate.getAutoCommit();
    } catch (SQLException e) {
      pathStale = true; // a failed transaction: asked again before the next statement
    }
  }

  /** A transaction ended through JDBC: a path change made in it may have been undone. */
  private void transactionEnded() throws SQLException {
    if (pathChangedInTransaction || pathStale) {
      pathChangedInTransaction = false;
      sessionMayHaveChanged();
      pathChangedInTransaction = false;
    }
  }

  /**
   * Reads the backend's search path; where it sits on a schema that is not this environment's
   * (prod's views, another environment's, venv's own: by the backend URL's
   * {@code currentSchema=marts}, the server's defaults, or a statement), moves it to this
   * environment's side, so that no unqualified name can reach data of another environment.
   */
  private void refreshPath() throws SQLException {
    List<String> backendPath = engine.sessionPath(delegate);
    SessionPaths.Mapped mapped = sessionPaths.map(backendPath);
    if (!mapped.backend().equals(backendPath)) {
      engine.setSessionPath(delegate, mapped.backend());
    }
    path = mapped.logical();
    pathStale = false;
  }

  /**
   * A macro named like a built-in function (DuckDB: {@code CREATE MACRO main.upper(x) AS …}) would
   * change what every model calling it computes, in every environment and in later builds.
   */
  private void refuseShadowedBuiltins(List<String> functions) throws SQLException {
    List<String> builtins;
    try {
      builtins = engine.builtinFunctions(delegate, functions);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    if (!builtins.isEmpty()) {
      throw new SQLNonTransientException("venv: a function or macro named " + builtins.get(0) + " refused in"
          + " environment " + route.environment() + ": it would stand in for the built-in function models call,"
          + " changing what every environment computes; give it another name", "42501");
    }
  }

  /**
   * A {@code DROP … CASCADE} drops what depends on its targets whoever owns it: refused when
   * venv's objects (an environment's views, a physical view) are among them.
   */
  private void refuseCascadeOntoVenv(SqlRouter.Result result) throws SQLException {
    List<dev.venv.engine.DropTarget> targets = new java.util.ArrayList<>();
    for (SqlRouter.Cascade cascade : result.cascading()) {
      if (cascade.objectType().equals("truncate")) {
        continue;
      }
      dev.venv.engine.DropTarget.Kind kind = switch (cascade.objectType()) {
        case "table", "view", "sequence", "index" -> dev.venv.engine.DropTarget.Kind.RELATION;
        case "schema" -> dev.venv.engine.DropTarget.Kind.SCHEMA;
        case "function", "procedure", "routine", "aggregate" -> dev.venv.engine.DropTarget.Kind.FUNCTION;
        case "type", "domain" -> dev.venv.engine.DropTarget.Kind.TYPE;
        default -> null;
      };
      if (kind == null) {
        throw new SQLNonTransientException("venv: " + cascade.objectType().toUpperCase(java.util.Locale.ROOT)
            + " " + cascade.name() + " … CASCADE refused in environment " + route.environment() + ": venv cannot tell"
            + " what it would drop along, which may be venv's; drop the dependent objects first, without CASCADE",
            "42501");
      }
      targets.add(new dev.venv.engine.DropTarget(kind, cascade.name()));
    }
    List<dev.venv.state.PhysicalName> venvObjects;
    try {
      venvObjects = engine.venvDependents(delegate, targets,
          schema -> route.names().kind(schema) != dev.venv.sql.RoutingNames.SchemaKind.USER);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    if (!venvObjects.isEmpty()) {
      StringBuilder names = new StringBuilder();
      for (dev.venv.state.PhysicalName object : venvObjects) {
        String model = dev.venv.sql.RoutingNames.modelOfPhysical(object.schema(), object.table());
        names.append(names.length() == 0 ? "" : ", ").append(object)
            .append(model == null ? "" : " (model " + model + ")");
        if (names.length() > 300) {
          names.append(", …");
          break;
        }
      }
      throw new SQLNonTransientException("venv: CASCADE refused in environment " + route.environment() + ": it"
          + " would also drop venv's objects that depend on " + result.cascading().get(0).name() + ": " + names
          + "; models change only through the model repository", "42501");
    }
  }

  EnvironmentRoute environmentRoute() {
    return route;
  }

  Engine engine() {
    return engine;
  }

  Connection backend() {
    return delegate;
  }

  String url() {
    return url;
  }

  /** The backend's array, wrapped: its result sets would lead back to the backend's connection. */
  @Override
  public java.sql.Array createArrayOf(String typeName, Object[] elements) throws SQLException {
    try {
      return new VenvArray(delegate.createArrayOf(typeName, elements), null, environmentRoute());
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
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
    int generation = modelSchemaGeneration(); // before routing: a change after it is seen at execute
    SqlRouter.Result routed = route(sql);
    SessionPath routedOn = path;
    try {
      return new VenvPreparedStatement(this, shape.prepare(delegate, routed.sql()), sql, routed, routedOn, generation,
          shape);
    } catch (SQLException e) {
      throw route.errors().explain(SqlStates.ensure(e));
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
    int generation = modelSchemaGeneration();
    SqlRouter.Result routed = route(sql);
    SessionPath routedOn = path;
    try {
      return new VenvCallableStatement(this, shape.prepareCall(delegate, routed.sql()), sql, routed, routedOn,
          generation, shape);
    } catch (SQLException e) {
      throw route.errors().explain(SqlStates.ensure(e));
    }
  }

  /** The routed text, after the backend's own escape processing where it has any (DuckDB has none). */
  @Override
  public String nativeSQL(String sql) throws SQLException {
    if (closed.get()) { // a closed connection routes nothing: its route may be long out of date
      throw closedError();
    }
    SqlRouter.Result routed = route(sql);
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

  /**
   * Points the backend at the environment's view schema when {@code schema} is a model schema;
   * refuses another environment's view schema and venv's own ({@code 42P01}).
   */
  @Override
  public void setSchema(String schema) throws SQLException {
    if (schema != null) {
      dev.venv.sql.Refusal refusal = route.router().sessionSchemaRefusal(schema);
      if (refusal != null) {
        throw new java.sql.SQLSyntaxErrorException(refusal.message(), refusal.sqlState());
      }
    }
    try {
      delegate.setSchema(route.clientNames().backendSchema(schema));
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    } finally {
      sessionMayHaveChanged();
    }
  }

  /** The logical session schema: {@code marts}, never the backend's {@code marts__dev}. */
  @Override
  public String getSchema() throws SQLException {
    if (closed.get()) {
      throw closedError();
    }
    if (pathStale) {
      try {
        refreshPath();
      } catch (SQLException e) {
        throw SqlStates.ensure(e);
      }
    }
    return path.current();
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

  private SQLException closedError() {
    return new SQLException("venv: the connection to environment " + route.environment() + " is closed", "08003");
  }

  /** Turning auto-commit on commits the open transaction. */
  @Override
  public void setAutoCommit(boolean autoCommit) throws SQLException {
    try {
      delegate.setAutoCommit(autoCommit);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    if (autoCommit) {
      transactionEnded();
    }
  }

  @Override
  public void commit() throws SQLException {
    try {
      delegate.commit();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    } finally {
      transactionEnded();
    }
  }

  /** A {@code SET search_path} made in the transaction is undone with it: the path is read again. */
  @Override
  public void rollback() throws SQLException {
    try {
      delegate.rollback();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    } finally {
      transactionEnded();
    }
  }

  /** DuckDB's catalog change moves the current schema too: the path is read again. */
  @Override
  public void setCatalog(String catalog) throws SQLException {
    try {
      delegate.setCatalog(catalog);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    } finally {
      sessionMayHaveChanged();
    }
  }

  @Override
  public void rollback(Savepoint savepoint) throws SQLException {
    try {
      delegate.rollback(savepoint);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    if (pathChangedInTransaction || pathStale) {
      sessionMayHaveChanged();
    }
  }
}
