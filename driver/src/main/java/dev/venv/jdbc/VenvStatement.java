package dev.venv.jdbc;

import dev.venv.sql.SqlRouter;
import dev.venv.sql.StandardStrings;
import dev.venv.forwarding.Forwarding;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A statement of a {@link VenvConnection}: every SQL text is routed before the backend sees it,
 * and its result sets lead back here.
 *
 * <p>A statement stays usable after a failed execute. Some backends close a statement whose execute
 * failed ({@link dev.venv.engine.Engine#closesStatementOnError()}: DuckDB); a client (or a pool's
 * statement cache) reasonably runs the next query on it. So on those, when the backend closed it
 * and the client did not, a new backend statement of the same shape is created at once, with the
 * settings the client made re-applied. Nothing is checked on the happy path.
 */
@Forwarding(value = Statement.class, wrapped = {"execute", "executeQuery", "executeUpdate", "executeLargeUpdate",
    "addBatch", "clearBatch", "executeBatch", "executeLargeBatch", "close", "getUpdateCount", "getLargeUpdateCount",
    "getMoreResults"})
public class VenvStatement extends ForwardingStatement {
  private static final int FETCH_SIZE = 1;
  private static final int FETCH_DIRECTION = 1 << 1;
  private static final int MAX_ROWS = 1 << 2;
  private static final int LARGE_MAX_ROWS = 1 << 3;
  private static final int QUERY_TIMEOUT = 1 << 4;
  private static final int ESCAPE_PROCESSING = 1 << 5;
  private static final int POOLABLE = 1 << 6;
  private static final int CURSOR_NAME = 1 << 7;
  private static final int MAX_FIELD_SIZE = 1 << 8;
  private static final int CLOSE_ON_COMPLETION = 1 << 9;

  final VenvConnection connection;
  final StatementShape shape;
  private boolean closed;
  /**
   * The backend statement was replaced after a failed execute and has run nothing since: it has
   * no result to ask about (DuckDB would throw), as the failed execute had none.
   */
  private boolean revived;
  /** The last result set handed out, so that asking twice gives the same object. */
  private VenvResultSet lastResult;
  /**
   * The search path the batch's next text runs under, as far as the batch's earlier texts say
   * ({@code null}: the connection's); later texts are routed with it, not with the path the
   * session happens to have when they are added.
   */
  private dev.venv.sql.SessionPath batchPath;
  /** Some batched text may move the search path: ask the backend once the batch ran. */
  private boolean batchReadsBack;
  /** The model schemas' generation the batch's texts were routed at; -1 while the batch is empty. */
  private int batchGeneration = -1;
  /** Whether the batch holds a text: one added after it is read by the backend after it ran. */
  private boolean batchHasTexts;

  // What the client set, to set again on a new backend statement.
  private int settings;
  private int fetchSize;
  private int fetchDirection;
  private int maxRows;
  private long largeMaxRows;
  private int queryTimeout;
  private boolean escapeProcessing;
  private boolean poolable;
  private String cursorName;
  private int maxFieldSize;

  VenvStatement(VenvConnection connection, Statement delegate, StatementShape shape) {
    super(delegate);
    this.connection = connection;
    this.shape = shape;
  }

  /** A new backend statement like the one the client created. */
  Statement open(Connection backend) throws SQLException {
    return shape.create(backend);
  }

  /**
   * Gives {@code e} a SQLState and, when the backend closed the statement over it, replaces the
   * backend statement so that the next call works.
   */
  final SQLException failed(SQLException e) {
    SQLException stated = connection.environmentRoute().errors().explain(SqlStates.ensure(e));
    if (closed || !connection.engine().closesStatementOnError()) {
      return stated;
    }
    try {
      if (delegate.isClosed() && !connection.isClosed()) {
        Statement fresh = open(connection.backend());
        try {
          applySettings(fresh);
        } catch (SQLException | RuntimeException settingsFailed) {
          fresh.close();
          throw settingsFailed;
        }
        delegate = fresh;
        lastResult = null;
        revived = true;
      }
    } catch (SQLException | RuntimeException again) {
      stated.addSuppressed(again);
    }
    return stated;
  }

  private void applySettings(Statement s) throws SQLException {
    if (settings == 0) {
      return;
    }
    if ((settings & FETCH_SIZE) != 0) {
      s.setFetchSize(fetchSize);
    }
    if ((settings & FETCH_DIRECTION) != 0) {
      s.setFetchDirection(fetchDirection);
    }
    if ((settings & MAX_ROWS) != 0) {
      s.setMaxRows(maxRows);
    }
    if ((settings & LARGE_MAX_ROWS) != 0) {
      s.setLargeMaxRows(largeMaxRows);
    }
    if ((settings & QUERY_TIMEOUT) != 0) {
      s.setQueryTimeout(queryTimeout);
    }
    if ((settings & ESCAPE_PROCESSING) != 0) {
      s.setEscapeProcessing(escapeProcessing);
    }
    if ((settings & POOLABLE) != 0) {
      s.setPoolable(poolable);
    }
    if ((settings & CURSOR_NAME) != 0) {
      s.setCursorName(cursorName);
    }
    if ((settings & MAX_FIELD_SIZE) != 0) {
      s.setMaxFieldSize(maxFieldSize);
    }
    if ((settings & CLOSE_ON_COMPLETION) != 0) {
      s.closeOnCompletion();
    }
  }

  /** A routed text ran: the connection learns what it did to the session. */
  final void executed(SqlRouter.Result routed) throws SQLException {
    revived = false;
    if (routed.attaches()) {
      connection.refuseAttachedWarehouses();
    }
    if (routed.readsBack()) {
      connection.sessionMayHaveChanged();
    }
  }

  /** A routed text failed: it may still have moved the session (a multi-statement text, a rollback). */
  final SQLException failed(SQLException e, SqlRouter.Result routed) {
    SQLException stated = failed(e);
    if (routed.attaches()) { // DuckDB's executeQuery runs an ATTACH, then says it returned no rows
      try {
        connection.refuseAttachedWarehouses();
      } catch (SQLException refused) {
        stated.addSuppressed(refused);
      }
    }
    if (routed.readsBack()) {
      connection.sessionMayHaveChangedAfterFailure(stated);
    }
    return stated;
  }

  /** The venv result set over a backend one; the same object for the same backend result set. */
  final ResultSet wrap(ResultSet rs) {
    if (rs == null) {
      return null;
    }
    VenvResultSet last = lastResult;
    if (last != null && last.delegate == rs) {
      return last;
    }
    last = new VenvResultSet(rs, this, connection.environmentRoute());
    lastResult = last;
    return last;
  }

  /** One of this statement's result sets was closed: with closeOnCompletion, so may the statement be. */
  final void resultSetClosed() {
    if ((settings & CLOSE_ON_COMPLETION) != 0) {
      try {
        closed = delegate.isClosed();
      } catch (SQLException e) {
        closed = true;
      }
    }
  }

  @Override
  public ResultSet executeQuery(String sql) throws SQLException {
    SqlRouter.Result routed = connection.route(sql);
    try {
      ResultSet rs = delegate.executeQuery(routed.sql());
      executed(routed);
      return wrap(rs);
    } catch (SQLException e) {
      throw failed(e, routed);
    }
  }

  @Override
  public int executeUpdate(String sql) throws SQLException {
    SqlRouter.Result routed = connection.route(sql);
    try {
      int count = delegate.executeUpdate(routed.sql());
      executed(routed);
      return count;
    } catch (SQLException e) {
      throw failed(e, routed);
    }
  }

  @Override
  public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
    SqlRouter.Result routed = connection.route(sql);
    try {
      int count = delegate.executeUpdate(routed.sql(), autoGeneratedKeys);
      executed(routed);
      return count;
    } catch (SQLException e) {
      throw failed(e, routed);
    }
  }

  @Override
  public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
    SqlRouter.Result routed = connection.route(sql);
    try {
      int count = delegate.executeUpdate(routed.sql(), columnIndexes);
      executed(routed);
      return count;
    } catch (SQLException e) {
      throw failed(e, routed);
    }
  }

  @Override
  public int executeUpdate(String sql, String[] columnNames) throws SQLException {
    SqlRouter.Result routed = connection.route(sql);
    try {
      int count = delegate.executeUpdate(routed.sql(), columnNames);
      executed(routed);
      return count;
    } catch (SQLException e) {
      throw failed(e, routed);
    }
  }

  @Override
  public long executeLargeUpdate(String sql) throws SQLException {
    SqlRouter.Result routed = connection.route(sql);
    try {
      long count = delegate.executeLargeUpdate(routed.sql());
      executed(routed);
      return count;
    } catch (SQLException e) {
      throw failed(e, routed);
    }
  }

  @Override
  public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
    SqlRouter.Result routed = connection.route(sql);
    try {
      long count = delegate.executeLargeUpdate(routed.sql(), autoGeneratedKeys);
      executed(routed);
      return count;
    } catch (SQLException e) {
      throw failed(e, routed);
    }
  }

  @Override
  public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
    SqlRouter.Result routed = connection.route(sql);
    try {
      long count = delegate.executeLargeUpdate(routed.sql(), columnIndexes);
      executed(routed);
      return count;
    } catch (SQLException e) {
      throw failed(e, routed);
    }
  }

  @Override
  public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
    SqlRouter.Result routed = connection.route(sql);
    try {
      long count = delegate.executeLargeUpdate(routed.sql(), columnNames);
      executed(routed);
      return count;
    } catch (SQLException e) {
      throw failed(e, routed);
    }
  }

  @Override
  public boolean execute(String sql) throws SQLException {
    SqlRouter.Result routed = connection.route(sql);
    try {
      boolean result = delegate.execute(routed.sql());
      executed(routed);
      return result;
    } catch (SQLException e) {
      throw failed(e, routed);
    }
  }

  @Override
  public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
    SqlRouter.Result routed = connection.route(sql);
    try {
      boolean result = delegate.execute(routed.sql(), autoGeneratedKeys);
      executed(routed);
      return result;
    } catch (SQLException e) {
      throw failed(e, routed);
    }
  }

  @Override
  public boolean execute(String sql, int[] columnIndexes) throws SQLException {
    SqlRouter.Result routed = connection.route(sql);
    try {
      boolean result = delegate.execute(routed.sql(), columnIndexes);
      executed(routed);
      return result;
    } catch (SQLException e) {
      throw failed(e, routed);
    }
  }

  @Override
  public boolean execute(String sql, String[] columnNames) throws SQLException {
    SqlRouter.Result routed = connection.route(sql);
    try {
      boolean result = delegate.execute(routed.sql(), columnNames);
      executed(routed);
      return result;
    } catch (SQLException e) {
      throw failed(e, routed);
    }
  }

  /**
   * Routes the text now, under the search path the batch's earlier texts leave: a refused write
   * fails here, and nothing of the batch runs.
   */
  @Override
  public void addBatch(String sql) throws SQLException {
    if (batchGeneration < 0) {
      batchGeneration = connection.modelSchemaGeneration();
    }
    SqlRouter.Result routed = batchPath == null ? connection.route(sql) : connection.route(sql, batchPath);
    if (routed.attaches()) {
      throw attachInBatch(connection);
    }
    if (batchHasTexts && StandardStrings.hasBackslashString(sql, connection.engine().dialect())) {
      // the batch's texts go together: the backend reads this one after those before it ran
      throw new SQLException("venv: a text with a backslash in a string after other texts of a batch, refused in"
          + " environment " + connection.environment() + ": PostgreSQL reads it only after those ran, which may have"
          + " turned " + StandardStrings.SETTING + " off; run it on its own, or write E'…'", "42000");
    }
    try {
      delegate.addBatch(routed.sql());
    } catch (SQLException e) {
      throw failed(e);
    }
    if (routed.endPath() != null) {
      batchPath = routed.endPath();
    }
    batchReadsBack |= routed.readsBack();
    batchHasTexts = true;
  }

  /** What a batch's ATTACH gets: what it attached is looked at after it runs, and a batch's texts run together. */
  static SQLException attachInBatch(VenvConnection connection) {
    return new SQLException("venv: ATTACH in a batch refused in environment " + connection.environment() + ": venv"
        + " looks at what a text attached before anything reads it; run ATTACH on its own", "42000");
  }

  @Override
  public void clearBatch() throws SQLException {
    batchHasTexts = false;
    batchPath = null;
    batchReadsBack = false;
    batchGeneration = -1;
    try {
      delegate.clearBatch();
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  @Override
  public int[] executeBatch() throws SQLException {
    boolean readBack = batchDone();
    try {
      int[] counts = delegate.executeBatch();
      revived = false;
      if (readBack) {
        connection.sessionMayHaveChanged();
      }
      return counts;
    } catch (SQLException e) {
      throw batchFailed(e, readBack);
    }
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    boolean readBack = batchDone();
    try {
      long[] counts = delegate.executeLargeBatch();
      revived = false;
      if (readBack) {
        connection.sessionMayHaveChanged();
      }
      return counts;
    } catch (SQLException e) {
      throw batchFailed(e, readBack);
    }
  }

  /**
   * The batch runs now (its texts are gone whatever happens): whether it may move the search path.
   *
   * @throws SQLException {@code 0A000}, the batch cleared, when model schemas came since its texts
   *                      were routed: a name they passed on as a user's may be a model's now
   */
  private boolean batchDone() throws SQLException {
    boolean readBack = batchReadsBack;
    int generation = batchGeneration;
    batchPath = null;
    batchReadsBack = false;
    batchGeneration = -1;
    batchHasTexts = false;
    try {
      connection.requireLexingAsRouted(); // a text since the batch's were routed may have moved it
    } catch (SQLException refused) {
      try {
        delegate.clearBatch();
      } catch (SQLException e) {
        refused.addSuppressed(e);
      }
      throw refused;
    }
    if (generation >= 0 && generation != connection.modelSchemaGeneration()) {
      try {
        delegate.clearBatch();
      } catch (SQLException e) {
        throw failed(e);
      }
      throw new SQLException("venv: an environment was created or promoted since this batch's texts were added"
          + " (environment " + connection.environment() + "), and a name in them may be a model's now; add them"
          + " again", "0A000");
    }
    return readBack;
  }

  private SQLException batchFailed(SQLException e, boolean readBack) {
    SQLException stated = failed(e);
    if (readBack) {
      connection.sessionMayHaveChangedAfterFailure(stated);
    }
    return stated;
  }

  @Override
  public ResultSet getResultSet() throws SQLException {
    if (revived) {
      return null;
    }
    try {
      return wrap(delegate.getResultSet());
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public int getUpdateCount() throws SQLException {
    if (revived) {
      return -1;
    }
    try {
      return delegate.getUpdateCount();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public long getLargeUpdateCount() throws SQLException {
    if (revived) {
      return -1;
    }
    try {
      return delegate.getLargeUpdateCount();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean getMoreResults() throws SQLException {
    if (revived) {
      return false;
    }
    try {
      return delegate.getMoreResults();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean getMoreResults(int current) throws SQLException {
    if (revived) {
      return false;
    }
    try {
      return delegate.getMoreResults(current);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public ResultSet getGeneratedKeys() throws SQLException {
    try {
      ResultSet keys = delegate.getGeneratedKeys();
      return keys == null ? null : new VenvResultSet(keys, this, connection.environmentRoute());
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    return connection;
  }

  @Override
  public void setFetchSize(int rows) throws SQLException {
    try {
      delegate.setFetchSize(rows);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    fetchSize = rows;
    settings |= FETCH_SIZE;
  }

  @Override
  public void setFetchDirection(int direction) throws SQLException {
    try {
      delegate.setFetchDirection(direction);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    fetchDirection = direction;
    settings |= FETCH_DIRECTION;
  }

  @Override
  public void setMaxRows(int max) throws SQLException {
    try {
      delegate.setMaxRows(max);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    maxRows = max;
    settings |= MAX_ROWS;
  }

  @Override
  public void setLargeMaxRows(long max) throws SQLException {
    try {
      delegate.setLargeMaxRows(max);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    largeMaxRows = max;
    settings |= LARGE_MAX_ROWS;
  }

  @Override
  public void setQueryTimeout(int seconds) throws SQLException {
    try {
      delegate.setQueryTimeout(seconds);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    queryTimeout = seconds;
    settings |= QUERY_TIMEOUT;
  }

  @Override
  public void setEscapeProcessing(boolean enable) throws SQLException {
    try {
      delegate.setEscapeProcessing(enable);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    escapeProcessing = enable;
    settings |= ESCAPE_PROCESSING;
  }

  @Override
  public void setPoolable(boolean poolable) throws SQLException {
    try {
      delegate.setPoolable(poolable);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    this.poolable = poolable;
    settings |= POOLABLE;
  }

  @Override
  public void setCursorName(String name) throws SQLException {
    try {
      delegate.setCursorName(name);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    cursorName = name;
    settings |= CURSOR_NAME;
  }

  @Override
  public void setMaxFieldSize(int max) throws SQLException {
    try {
      delegate.setMaxFieldSize(max);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    maxFieldSize = max;
    settings |= MAX_FIELD_SIZE;
  }

  @Override
  public void closeOnCompletion() throws SQLException {
    try {
      delegate.closeOnCompletion();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    settings |= CLOSE_ON_COMPLETION;
  }

  @Override
  public void close() throws SQLException {
    closed = true;
    lastResult = null;
    try {
      delegate.close();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean isClosed() throws SQLException {
    try {
      return closed || delegate.isClosed();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }
}
