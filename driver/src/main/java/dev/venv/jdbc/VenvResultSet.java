package dev.venv.jdbc;

import dev.venv.forwarding.Forwarding;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A backend result set whose {@link #getStatement()} is the venv statement that produced it and
 * whose metadata names logical tables. Every row method forwards as is: reading rows allocates
 * nothing beyond what the backend does.
 */
@Forwarding(ResultSet.class)
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

}
