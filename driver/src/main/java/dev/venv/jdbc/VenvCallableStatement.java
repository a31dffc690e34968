package dev.venv.jdbc;

import dev.venv.sql.SqlRouter;
import dev.venv.forwarding.Forwarding;
import java.sql.Array;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.Statement;
import java.util.Map;

/**
 * A callable statement of a {@link VenvConnection}: routed once when prepared, like
 * {@link VenvPreparedStatement}; out-parameters forward to the backend.
 *
 * <p>After DuckDB closed it over a failed execute it is prepared again with its positional
 * parameters and out-parameter registrations replayed; parameters set by name must be set again.
 */
@Forwarding(value = CallableStatement.class, extending = VenvPreparedStatement.class, wrapped = "getObject")
public final class VenvCallableStatement extends ForwardingCallableStatement {
  private final ParameterLog outParameters = new ParameterLog(connection.engine().closesStatementOnError());

  VenvCallableStatement(VenvConnection connection, CallableStatement delegate, String sql, SqlRouter.Result routed,
      dev.venv.sql.SessionPath routedOn, int routedAtGeneration, StatementShape shape) {
    super(connection, delegate, sql, routed, routedOn, routedAtGeneration, shape);
  }

  private CallableStatement callable() {
    return (CallableStatement) delegate;
  }

  @Override
  Statement open(Connection backend) throws SQLException {
    CallableStatement fresh = shape.prepareCall(backend, routed.sql());
    try {
      parameters.replay(fresh);
      outParameters.replay(fresh);
    } catch (SQLException | RuntimeException e) {
      fresh.close();
      throw e;
    }
    return fresh;
  }

  // Forwarded; positional out-parameter registrations are recorded to be made again.

  @Override
  public void registerOutParameter(int parameterIndex, int sqlType) throws SQLException {
    try {
      callable().registerOutParameter(parameterIndex, sqlType);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    outParameters.put(parameterIndex, ParameterLog.OUT_TYPE, 0, sqlType, null, null);
  }

  @Override
  public void registerOutParameter(int parameterIndex, int sqlType, int scale) throws SQLException {
    try {
      callable().registerOutParameter(parameterIndex, sqlType, scale);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    outParameters.put(parameterIndex, ParameterLog.OUT_TYPE_SCALE, scale, sqlType, null, null);
  }

  @Override
  public void registerOutParameter(int parameterIndex, int sqlType, String typeName) throws SQLException {
    try {
      callable().registerOutParameter(parameterIndex, sqlType, typeName);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    outParameters.put(parameterIndex, ParameterLog.OUT_TYPE_NAME, 0, sqlType, null, typeName);
  }

  @Override
  public void registerOutParameter(int parameterIndex, SQLType sqlType) throws SQLException {
    try {
      callable().registerOutParameter(parameterIndex, sqlType);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    outParameters.put(parameterIndex, ParameterLog.OUT_SQL_TYPE, 0, 0, null, sqlType);
  }

  @Override
  public void registerOutParameter(int parameterIndex, SQLType sqlType, int scale) throws SQLException {
    try {
      callable().registerOutParameter(parameterIndex, sqlType, scale);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    outParameters.put(parameterIndex, ParameterLog.OUT_SQL_TYPE_SCALE, scale, 0, null, sqlType);
  }

  @Override
  public void registerOutParameter(int parameterIndex, SQLType sqlType, String typeName) throws SQLException {
    try {
      callable().registerOutParameter(parameterIndex, sqlType, typeName);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    outParameters.put(parameterIndex, ParameterLog.OUT_SQL_TYPE_NAME, 0, 0, typeName, sqlType);
  }

  // Out-parameter values that lead back to a connection, wrapped.

  @Override
  public Array getArray(int parameterIndex) throws SQLException {
    try {
      return (Array) VenvArray.wrap(callable().getArray(parameterIndex), this, connection.environmentRoute());
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Array getArray(String parameterName) throws SQLException {
    try {
      return (Array) VenvArray.wrap(callable().getArray(parameterName), this, connection.environmentRoute());
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Object getObject(int parameterIndex) throws SQLException {
    try {
      return VenvArray.wrap(callable().getObject(parameterIndex), this, connection.environmentRoute());
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Object getObject(String parameterName) throws SQLException {
    try {
      return VenvArray.wrap(callable().getObject(parameterName), this, connection.environmentRoute());
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Object getObject(int parameterIndex, Map<String, Class<?>> map) throws SQLException {
    try {
      return VenvArray.wrap(callable().getObject(parameterIndex, map), this, connection.environmentRoute());
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Object getObject(String parameterName, Map<String, Class<?>> map) throws SQLException {
    try {
      return VenvArray.wrap(callable().getObject(parameterName, map), this, connection.environmentRoute());
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public <T> T getObject(int parameterIndex, Class<T> type) throws SQLException {
    try {
      return VenvArray.wrap(callable().getObject(parameterIndex, type), type, this, connection.environmentRoute());
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public <T> T getObject(String parameterName, Class<T> type) throws SQLException {
    try {
      return VenvArray.wrap(callable().getObject(parameterName, type), type, this, connection.environmentRoute());
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }
}
