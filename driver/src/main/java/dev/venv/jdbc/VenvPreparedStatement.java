package dev.venv.jdbc;

import dev.venv.sql.SessionPath;
import dev.venv.sql.SqlRouter;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import dev.venv.forwarding.Forwarding;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.Connection;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/**
 * A prepared statement of a {@link VenvConnection}: its text was routed once, when prepared.
 *
 * <p>When the backend closes it after a failed execute (DuckDB does), the routed text is prepared again and the
 * parameters are set again as the client last set them (from a {@link ParameterLog}), so the
 * client can change a value and execute again; a stream or reader is set again with what the
 * backend read of it. Batched parameter sets not yet executed are gone with the backend statement.
 */
@Forwarding(value = PreparedStatement.class, extending = VenvStatement.class, wrapped = {"execute", "executeQuery",
    "executeUpdate", "executeLargeUpdate", "addBatch"})
public class VenvPreparedStatement extends ForwardingPreparedStatement {
  final String sql;
  final SqlRouter.Result routed;
  /** The session's search path when the text was routed: unqualified names were resolved on it. */
  private final SessionPath routedOn;
  final ParameterLog parameters;
  /** The model schemas' generation the text was routed at (read before it was). */
  private final int routedAtGeneration;

  VenvPreparedStatement(VenvConnection connection, PreparedStatement delegate, String sql, SqlRouter.Result routed,
      SessionPath routedOn, int routedAtGeneration, StatementShape shape) {
    super(connection, delegate, shape);
    this.sql = sql;
    this.routed = routed;
    this.routedOn = routedOn;
    this.parameters = new ParameterLog(connection.engine().closesStatementOnError());
    this.routedAtGeneration = routedAtGeneration;
  }

  /**
   * Since the text was prepared, the session moved to another search path, or a schema became a
   * model schema: the text could now mean other tables than the ones it was routed to (or than the
   * backend resolves at execute), so it runs only if routing it now gives the same text.
   */
  final void checkRouting() throws SQLException {
    // PgJDBC sends the text to be parsed at its first execute, under the session's settings then
    connection.requireLexingAsRouted();
    connection.refuseAttachingWarehouses(routed.attached()); // the file may have changed since
    SessionPath now = connection.path();
    if ((now == routedOn || now.equals(routedOn)) && connection.modelSchemaGeneration() == routedAtGeneration) {
      return;
    }
    // Routed again on today's path and model schemas: a name that became a model's is refused here.
    SqlRouter.Result again = connection.route(sql, now);
    if (!again.sql().equals(routed.sql())) {
      throw new SQLException("venv: this statement was prepared on search path " + routedOn + " and the session is"
          + " now on " + now + " (environment " + connection.environment() + "), where its unqualified names mean"
          + " other tables; prepare it again", "0A000");
    }
  }

  final PreparedStatement prepared() {
    return (PreparedStatement) delegate;
  }

  @Override
  Statement open(Connection backend) throws SQLException {
    PreparedStatement fresh = shape.prepare(backend, routed.sql());
    try {
      parameters.replay(fresh);
    } catch (SQLException | RuntimeException e) {
      fresh.close();
      throw e;
    }
    return fresh;
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    checkRouting();
    try {
      ResultSet rs = prepared().executeQuery();
      executed(routed);
      return wrap(rs);
    } catch (SQLException e) {
      throw failed(e, routed);
    }
  }

  @Override
  public int executeUpdate() throws SQLException {
    checkRouting();
    try {
      int count = prepared().executeUpdate();
      executed(routed);
      return count;
    } catch (SQLException e) {
      throw failed(e, routed);
    }
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    checkRouting();
    try {
      long count = prepared().executeLargeUpdate();
      executed(routed);
      return count;
    } catch (SQLException e) {
      throw failed(e, routed);
    }
  }

  @Override
  public boolean execute() throws SQLException {
    checkRouting();
    try {
      boolean result = prepared().execute();
      executed(routed);
      return result;
    } catch (SQLException e) {
      throw failed(e, routed);
    }
  }

  /** The parameter sets of a batch run the prepared text: checked as an execute is. */
  @Override
  public int[] executeBatch() throws SQLException {
    checkRouting();
    return super.executeBatch();
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    checkRouting();
    return super.executeLargeBatch();
  }

  @Override
  public void addBatch() throws SQLException {
    if (routed.attaches()) {
      throw attachInBatch(connection);
    }
    try {
      prepared().addBatch();
    } catch (SQLException e) {
      throw failed(e);
    }
  }

  @Override
  public void clearParameters() throws SQLException {
    try {
      prepared().clearParameters();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.clear();
  }

  /** The result's columns, with logical table names where the backend names any. */
  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    try {
      ResultSetMetaData metaData = prepared().getMetaData();
      return metaData == null ? null : new VenvResultSetMetaData(metaData, connection.environmentRoute());
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  // Forwarded, and recorded to be set again on a statement prepared anew.

  @Override
  public void setNull(int parameterIndex, int sqlType) throws SQLException {
    try {
      prepared().setNull(parameterIndex, sqlType);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.NULL, 0, sqlType, null, null);
  }

  @Override
  public void setBoolean(int parameterIndex, boolean x) throws SQLException {
    try {
      prepared().setBoolean(parameterIndex, x);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.BOOLEAN, x ? 1 : 0);
  }

  @Override
  public void setByte(int parameterIndex, byte x) throws SQLException {
    try {
      prepared().setByte(parameterIndex, x);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.BYTE, x);
  }

  @Override
  public void setShort(int parameterIndex, short x) throws SQLException {
    try {
      prepared().setShort(parameterIndex, x);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.SHORT, x);
  }

  @Override
  public void setInt(int parameterIndex, int x) throws SQLException {
    try {
      prepared().setInt(parameterIndex, x);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.INT, x);
  }

  @Override
  public void setLong(int parameterIndex, long x) throws SQLException {
    try {
      prepared().setLong(parameterIndex, x);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.LONG, x);
  }

  @Override
  public void setFloat(int parameterIndex, float x) throws SQLException {
    try {
      prepared().setFloat(parameterIndex, x);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.FLOAT, Float.floatToRawIntBits(x));
  }

  @Override
  public void setDouble(int parameterIndex, double x) throws SQLException {
    try {
      prepared().setDouble(parameterIndex, x);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.DOUBLE, Double.doubleToRawLongBits(x));
  }

  @Override
  public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
    try {
      prepared().setBigDecimal(parameterIndex, x);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.BIG_DECIMAL, x);
  }

  @Override
  public void setString(int parameterIndex, String x) throws SQLException {
    try {
      prepared().setString(parameterIndex, x);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.STRING, x);
  }

  @Override
  public void setBytes(int parameterIndex, byte[] x) throws SQLException {
    try {
      prepared().setBytes(parameterIndex, x);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.BYTES, x);
  }

  @Override
  public void setDate(int parameterIndex, Date x) throws SQLException {
    try {
      prepared().setDate(parameterIndex, x);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.DATE, x);
  }

  @Override
  public void setTime(int parameterIndex, Time x) throws SQLException {
    try {
      prepared().setTime(parameterIndex, x);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.TIME, x);
  }

  @Override
  public void setTimestamp(int parameterIndex, Timestamp x) throws SQLException {
    try {
      prepared().setTimestamp(parameterIndex, x);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.TIMESTAMP, x);
  }

  @Override
  public void setAsciiStream(int parameterIndex, InputStream x, int length) throws SQLException {
    InputStream given = parameters.capture(x);
    try {
      prepared().setAsciiStream(parameterIndex, given, length);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.ASCII_STREAM, given);
  }

  @Override
  public void setUnicodeStream(int parameterIndex, InputStream x, int length) throws SQLException {
    InputStream given = parameters.capture(x);
    try {
      prepared().setUnicodeStream(parameterIndex, given, length);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.UNICODE_STREAM, given);
  }

  @Override
  public void setBinaryStream(int parameterIndex, InputStream x, int length) throws SQLException {
    InputStream given = parameters.capture(x);
    try {
      prepared().setBinaryStream(parameterIndex, given, length);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.BINARY_STREAM, given);
  }

  @Override
  public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
    try {
      prepared().setObject(parameterIndex, x, targetSqlType);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.OBJECT_TYPED, 0, targetSqlType, x, null);
  }

  @Override
  public void setObject(int parameterIndex, Object x) throws SQLException {
    try {
      prepared().setObject(parameterIndex, x);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.OBJECT, x);
  }

  @Override
  public void setCharacterStream(int parameterIndex, Reader reader, int length) throws SQLException {
    Reader given = parameters.capture(reader);
    try {
      prepared().setCharacterStream(parameterIndex, given, length);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.CHARACTER_STREAM, given);
  }

  @Override
  public void setRef(int parameterIndex, Ref x) throws SQLException {
    try {
      prepared().setRef(parameterIndex, x);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.REF, x);
  }

  @Override
  public void setBlob(int parameterIndex, Blob x) throws SQLException {
    try {
      prepared().setBlob(parameterIndex, x);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.BLOB, x);
  }

  @Override
  public void setClob(int parameterIndex, Clob x) throws SQLException {
    try {
      prepared().setClob(parameterIndex, x);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.CLOB, x);
  }

  @Override
  public void setArray(int parameterIndex, Array x) throws SQLException {
    try {
      prepared().setArray(parameterIndex, x);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.ARRAY, x);
  }

  @Override
  public void setDate(int parameterIndex, Date x, Calendar cal) throws SQLException {
    try {
      prepared().setDate(parameterIndex, x, cal);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.DATE_CALENDAR, 0, 0, x, cal);
  }

  @Override
  public void setTime(int parameterIndex, Time x, Calendar cal) throws SQLException {
    try {
      prepared().setTime(parameterIndex, x, cal);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.TIME_CALENDAR, 0, 0, x, cal);
  }

  @Override
  public void setTimestamp(int parameterIndex, Timestamp x, Calendar cal) throws SQLException {
    try {
      prepared().setTimestamp(parameterIndex, x, cal);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.TIMESTAMP_CALENDAR, 0, 0, x, cal);
  }

  @Override
  public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
    try {
      prepared().setNull(parameterIndex, sqlType, typeName);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.NULL_NAMED, 0, sqlType, null, typeName);
  }

  @Override
  public void setURL(int parameterIndex, java.net.URL x) throws SQLException {
    try {
      prepared().setURL(parameterIndex, x);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.URL, x);
  }

  @Override
  public void setRowId(int parameterIndex, RowId x) throws SQLException {
    try {
      prepared().setRowId(parameterIndex, x);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.ROW_ID, x);
  }

  @Override
  public void setNString(int parameterIndex, String value) throws SQLException {
    try {
      prepared().setNString(parameterIndex, value);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.NSTRING, value);
  }

  @Override
  public void setNCharacterStream(int parameterIndex, Reader value, long length) throws SQLException {
    Reader given = parameters.capture(value);
    try {
      prepared().setNCharacterStream(parameterIndex, given, length);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.NCHARACTER_STREAM, given);
  }

  @Override
  public void setNClob(int parameterIndex, NClob value) throws SQLException {
    try {
      prepared().setNClob(parameterIndex, value);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.NCLOB, value);
  }

  @Override
  public void setClob(int parameterIndex, Reader reader, long length) throws SQLException {
    Reader given = parameters.capture(reader);
    try {
      prepared().setClob(parameterIndex, given, length);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.CLOB_READER, given);
  }

  @Override
  public void setBlob(int parameterIndex, InputStream inputStream, long length) throws SQLException {
    InputStream given = parameters.capture(inputStream);
    try {
      prepared().setBlob(parameterIndex, given, length);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.BLOB_STREAM, given);
  }

  @Override
  public void setNClob(int parameterIndex, Reader reader, long length) throws SQLException {
    Reader given = parameters.capture(reader);
    try {
      prepared().setNClob(parameterIndex, given, length);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.NCLOB_READER, given);
  }

  @Override
  public void setSQLXML(int parameterIndex, SQLXML xmlObject) throws SQLException {
    try {
      prepared().setSQLXML(parameterIndex, xmlObject);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.SQLXML_VALUE, xmlObject);
  }

  @Override
  public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength) throws SQLException {
    try {
      prepared().setObject(parameterIndex, x, targetSqlType, scaleOrLength);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.OBJECT_TYPED_SCALE, scaleOrLength, targetSqlType, x, null);
  }

  @Override
  public void setAsciiStream(int parameterIndex, InputStream x, long length) throws SQLException {
    InputStream given = parameters.capture(x);
    try {
      prepared().setAsciiStream(parameterIndex, given, length);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.ASCII_STREAM, given);
  }

  @Override
  public void setBinaryStream(int parameterIndex, InputStream x, long length) throws SQLException {
    InputStream given = parameters.capture(x);
    try {
      prepared().setBinaryStream(parameterIndex, given, length);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.BINARY_STREAM, given);
  }

  @Override
  public void setCharacterStream(int parameterIndex, Reader reader, long length) throws SQLException {
    Reader given = parameters.capture(reader);
    try {
      prepared().setCharacterStream(parameterIndex, given, length);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.CHARACTER_STREAM, given);
  }

  @Override
  public void setAsciiStream(int parameterIndex, InputStream x) throws SQLException {
    InputStream given = parameters.capture(x);
    try {
      prepared().setAsciiStream(parameterIndex, given);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.ASCII_STREAM, given);
  }

  @Override
  public void setBinaryStream(int parameterIndex, InputStream x) throws SQLException {
    InputStream given = parameters.capture(x);
    try {
      prepared().setBinaryStream(parameterIndex, given);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.BINARY_STREAM, given);
  }

  @Override
  public void setCharacterStream(int parameterIndex, Reader reader) throws SQLException {
    Reader given = parameters.capture(reader);
    try {
      prepared().setCharacterStream(parameterIndex, given);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.CHARACTER_STREAM, given);
  }

  @Override
  public void setNCharacterStream(int parameterIndex, Reader value) throws SQLException {
    Reader given = parameters.capture(value);
    try {
      prepared().setNCharacterStream(parameterIndex, given);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.NCHARACTER_STREAM, given);
  }

  @Override
  public void setClob(int parameterIndex, Reader reader) throws SQLException {
    Reader given = parameters.capture(reader);
    try {
      prepared().setClob(parameterIndex, given);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.CLOB_READER, given);
  }

  @Override
  public void setBlob(int parameterIndex, InputStream inputStream) throws SQLException {
    InputStream given = parameters.capture(inputStream);
    try {
      prepared().setBlob(parameterIndex, given);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.BLOB_STREAM, given);
  }

  @Override
  public void setNClob(int parameterIndex, Reader reader) throws SQLException {
    Reader given = parameters.capture(reader);
    try {
      prepared().setNClob(parameterIndex, given);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.NCLOB_READER, given);
  }

  @Override
  public void setObject(int parameterIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
    try {
      prepared().setObject(parameterIndex, x, targetSqlType, scaleOrLength);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.OBJECT_SQL_TYPE_SCALE, scaleOrLength, 0, x, targetSqlType);
  }

  @Override
  public void setObject(int parameterIndex, Object x, SQLType targetSqlType) throws SQLException {
    try {
      prepared().setObject(parameterIndex, x, targetSqlType);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
    parameters.put(parameterIndex, ParameterLog.OBJECT_SQL_TYPE, 0, 0, x, targetSqlType);
  }
}
