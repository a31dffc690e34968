package dev.venv.jdbc;

import dev.venv.sql.SqlRouter;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Date;
import java.sql.Connection;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * A callable statement of a {@link VenvConnection}: routed once when prepared, like
 * {@link VenvPreparedStatement}; out-parameters forward to the backend.
 *
 * <p>After DuckDB closed it over a failed execute it is prepared again with its positional
 * parameters and out-parameter registrations replayed; parameters set by name must be set again.
 */
public final class VenvCallableStatement extends VenvPreparedStatement implements CallableStatement {
  private final ParameterLog outParameters = new ParameterLog();

  VenvCallableStatement(VenvConnection connection, CallableStatement delegate, String sql, SqlRouter.Result routed,
      dev.venv.sql.SessionPath routedOn, StatementShape shape) {
    super(connection, delegate, sql, routed, routedOn, shape);
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
  public boolean wasNull() throws SQLException {
    try {
      return callable().wasNull();
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public String getString(int parameterIndex) throws SQLException {
    try {
      return callable().getString(parameterIndex);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean getBoolean(int parameterIndex) throws SQLException {
    try {
      return callable().getBoolean(parameterIndex);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public byte getByte(int parameterIndex) throws SQLException {
    try {
      return callable().getByte(parameterIndex);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public short getShort(int parameterIndex) throws SQLException {
    try {
      return callable().getShort(parameterIndex);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public int getInt(int parameterIndex) throws SQLException {
    try {
      return callable().getInt(parameterIndex);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public long getLong(int parameterIndex) throws SQLException {
    try {
      return callable().getLong(parameterIndex);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public float getFloat(int parameterIndex) throws SQLException {
    try {
      return callable().getFloat(parameterIndex);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public double getDouble(int parameterIndex) throws SQLException {
    try {
      return callable().getDouble(parameterIndex);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public BigDecimal getBigDecimal(int parameterIndex, int scale) throws SQLException {
    try {
      return callable().getBigDecimal(parameterIndex, scale);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public byte[] getBytes(int parameterIndex) throws SQLException {
    try {
      return callable().getBytes(parameterIndex);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Date getDate(int parameterIndex) throws SQLException {
    try {
      return callable().getDate(parameterIndex);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Time getTime(int parameterIndex) throws SQLException {
    try {
      return callable().getTime(parameterIndex);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Timestamp getTimestamp(int parameterIndex) throws SQLException {
    try {
      return callable().getTimestamp(parameterIndex);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Object getObject(int parameterIndex) throws SQLException {
    try {
      return callable().getObject(parameterIndex);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public BigDecimal getBigDecimal(int parameterIndex) throws SQLException {
    try {
      return callable().getBigDecimal(parameterIndex);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Object getObject(int parameterIndex, Map<String, Class<?>> map) throws SQLException {
    try {
      return callable().getObject(parameterIndex, map);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Ref getRef(int parameterIndex) throws SQLException {
    try {
      return callable().getRef(parameterIndex);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Blob getBlob(int parameterIndex) throws SQLException {
    try {
      return callable().getBlob(parameterIndex);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Clob getClob(int parameterIndex) throws SQLException {
    try {
      return callable().getClob(parameterIndex);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Array getArray(int parameterIndex) throws SQLException {
    try {
      return callable().getArray(parameterIndex);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Date getDate(int parameterIndex, Calendar cal) throws SQLException {
    try {
      return callable().getDate(parameterIndex, cal);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Time getTime(int parameterIndex, Calendar cal) throws SQLException {
    try {
      return callable().getTime(parameterIndex, cal);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Timestamp getTimestamp(int parameterIndex, Calendar cal) throws SQLException {
    try {
      return callable().getTimestamp(parameterIndex, cal);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
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
  public void registerOutParameter(String parameterName, int sqlType) throws SQLException {
    try {
      callable().registerOutParameter(parameterName, sqlType);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void registerOutParameter(String parameterName, int sqlType, int scale) throws SQLException {
    try {
      callable().registerOutParameter(parameterName, sqlType, scale);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void registerOutParameter(String parameterName, int sqlType, String typeName) throws SQLException {
    try {
      callable().registerOutParameter(parameterName, sqlType, typeName);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public java.net.URL getURL(int parameterIndex) throws SQLException {
    try {
      return callable().getURL(parameterIndex);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setURL(String parameterName, java.net.URL val) throws SQLException {
    try {
      callable().setURL(parameterName, val);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setNull(String parameterName, int sqlType) throws SQLException {
    try {
      callable().setNull(parameterName, sqlType);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setBoolean(String parameterName, boolean x) throws SQLException {
    try {
      callable().setBoolean(parameterName, x);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setByte(String parameterName, byte x) throws SQLException {
    try {
      callable().setByte(parameterName, x);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setShort(String parameterName, short x) throws SQLException {
    try {
      callable().setShort(parameterName, x);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setInt(String parameterName, int x) throws SQLException {
    try {
      callable().setInt(parameterName, x);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setLong(String parameterName, long x) throws SQLException {
    try {
      callable().setLong(parameterName, x);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setFloat(String parameterName, float x) throws SQLException {
    try {
      callable().setFloat(parameterName, x);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setDouble(String parameterName, double x) throws SQLException {
    try {
      callable().setDouble(parameterName, x);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setBigDecimal(String parameterName, BigDecimal x) throws SQLException {
    try {
      callable().setBigDecimal(parameterName, x);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setString(String parameterName, String x) throws SQLException {
    try {
      callable().setString(parameterName, x);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setBytes(String parameterName, byte[] x) throws SQLException {
    try {
      callable().setBytes(parameterName, x);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setDate(String parameterName, Date x) throws SQLException {
    try {
      callable().setDate(parameterName, x);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setTime(String parameterName, Time x) throws SQLException {
    try {
      callable().setTime(parameterName, x);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setTimestamp(String parameterName, Timestamp x) throws SQLException {
    try {
      callable().setTimestamp(parameterName, x);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setAsciiStream(String parameterName, InputStream x, int length) throws SQLException {
    try {
      callable().setAsciiStream(parameterName, x, length);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setBinaryStream(String parameterName, InputStream x, int length) throws SQLException {
    try {
      callable().setBinaryStream(parameterName, x, length);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setObject(String parameterName, Object x, int targetSqlType, int scale) throws SQLException {
    try {
      callable().setObject(parameterName, x, targetSqlType, scale);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setObject(String parameterName, Object x, int targetSqlType) throws SQLException {
    try {
      callable().setObject(parameterName, x, targetSqlType);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setObject(String parameterName, Object x) throws SQLException {
    try {
      callable().setObject(parameterName, x);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setCharacterStream(String parameterName, Reader reader, int length) throws SQLException {
    try {
      callable().setCharacterStream(parameterName, reader, length);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setDate(String parameterName, Date x, Calendar cal) throws SQLException {
    try {
      callable().setDate(parameterName, x, cal);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setTime(String parameterName, Time x, Calendar cal) throws SQLException {
    try {
      callable().setTime(parameterName, x, cal);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setTimestamp(String parameterName, Timestamp x, Calendar cal) throws SQLException {
    try {
      callable().setTimestamp(parameterName, x, cal);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setNull(String parameterName, int sqlType, String typeName) throws SQLException {
    try {
      callable().setNull(parameterName, sqlType, typeName);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public String getString(String parameterName) throws SQLException {
    try {
      return callable().getString(parameterName);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public boolean getBoolean(String parameterName) throws SQLException {
    try {
      return callable().getBoolean(parameterName);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public byte getByte(String parameterName) throws SQLException {
    try {
      return callable().getByte(parameterName);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public short getShort(String parameterName) throws SQLException {
    try {
      return callable().getShort(parameterName);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public int getInt(String parameterName) throws SQLException {
    try {
      return callable().getInt(parameterName);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public long getLong(String parameterName) throws SQLException {
    try {
      return callable().getLong(parameterName);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public float getFloat(String parameterName) throws SQLException {
    try {
      return callable().getFloat(parameterName);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public double getDouble(String parameterName) throws SQLException {
    try {
      return callable().getDouble(parameterName);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public byte[] getBytes(String parameterName) throws SQLException {
    try {
      return callable().getBytes(parameterName);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Date getDate(String parameterName) throws SQLException {
    try {
      return callable().getDate(parameterName);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Time getTime(String parameterName) throws SQLException {
    try {
      return callable().getTime(parameterName);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Timestamp getTimestamp(String parameterName) throws SQLException {
    try {
      return callable().getTimestamp(parameterName);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Object getObject(String parameterName) throws SQLException {
    try {
      return callable().getObject(parameterName);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public BigDecimal getBigDecimal(String parameterName) throws SQLException {
    try {
      return callable().getBigDecimal(parameterName);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Object getObject(String parameterName, Map<String, Class<?>> map) throws SQLException {
    try {
      return callable().getObject(parameterName, map);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Ref getRef(String parameterName) throws SQLException {
    try {
      return callable().getRef(parameterName);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Blob getBlob(String parameterName) throws SQLException {
    try {
      return callable().getBlob(parameterName);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Clob getClob(String parameterName) throws SQLException {
    try {
      return callable().getClob(parameterName);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Array getArray(String parameterName) throws SQLException {
    try {
      return callable().getArray(parameterName);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Date getDate(String parameterName, Calendar cal) throws SQLException {
    try {
      return callable().getDate(parameterName, cal);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Time getTime(String parameterName, Calendar cal) throws SQLException {
    try {
      return callable().getTime(parameterName, cal);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Timestamp getTimestamp(String parameterName, Calendar cal) throws SQLException {
    try {
      return callable().getTimestamp(parameterName, cal);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public java.net.URL getURL(String parameterName) throws SQLException {
    try {
      return callable().getURL(parameterName);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public RowId getRowId(int parameterIndex) throws SQLException {
    try {
      return callable().getRowId(parameterIndex);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public RowId getRowId(String parameterName) throws SQLException {
    try {
      return callable().getRowId(parameterName);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setRowId(String parameterName, RowId x) throws SQLException {
    try {
      callable().setRowId(parameterName, x);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setNString(String parameterName, String value) throws SQLException {
    try {
      callable().setNString(parameterName, value);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setNCharacterStream(String parameterName, Reader value, long length) throws SQLException {
    try {
      callable().setNCharacterStream(parameterName, value, length);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setNClob(String parameterName, NClob value) throws SQLException {
    try {
      callable().setNClob(parameterName, value);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setClob(String parameterName, Reader reader, long length) throws SQLException {
    try {
      callable().setClob(parameterName, reader, length);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setBlob(String parameterName, InputStream inputStream, long length) throws SQLException {
    try {
      callable().setBlob(parameterName, inputStream, length);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setNClob(String parameterName, Reader reader, long length) throws SQLException {
    try {
      callable().setNClob(parameterName, reader, length);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public NClob getNClob(int parameterIndex) throws SQLException {
    try {
      return callable().getNClob(parameterIndex);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public NClob getNClob(String parameterName) throws SQLException {
    try {
      return callable().getNClob(parameterName);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setSQLXML(String parameterName, SQLXML xmlObject) throws SQLException {
    try {
      callable().setSQLXML(parameterName, xmlObject);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public SQLXML getSQLXML(int parameterIndex) throws SQLException {
    try {
      return callable().getSQLXML(parameterIndex);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public SQLXML getSQLXML(String parameterName) throws SQLException {
    try {
      return callable().getSQLXML(parameterName);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public String getNString(int parameterIndex) throws SQLException {
    try {
      return callable().getNString(parameterIndex);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public String getNString(String parameterName) throws SQLException {
    try {
      return callable().getNString(parameterName);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Reader getNCharacterStream(int parameterIndex) throws SQLException {
    try {
      return callable().getNCharacterStream(parameterIndex);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Reader getNCharacterStream(String parameterName) throws SQLException {
    try {
      return callable().getNCharacterStream(parameterName);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Reader getCharacterStream(int parameterIndex) throws SQLException {
    try {
      return callable().getCharacterStream(parameterIndex);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public Reader getCharacterStream(String parameterName) throws SQLException {
    try {
      return callable().getCharacterStream(parameterName);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setBlob(String parameterName, Blob x) throws SQLException {
    try {
      callable().setBlob(parameterName, x);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setClob(String parameterName, Clob x) throws SQLException {
    try {
      callable().setClob(parameterName, x);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setAsciiStream(String parameterName, InputStream x, long length) throws SQLException {
    try {
      callable().setAsciiStream(parameterName, x, length);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setBinaryStream(String parameterName, InputStream x, long length) throws SQLException {
    try {
      callable().setBinaryStream(parameterName, x, length);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setCharacterStream(String parameterName, Reader reader, long length) throws SQLException {
    try {
      callable().setCharacterStream(parameterName, reader, length);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setAsciiStream(String parameterName, InputStream x) throws SQLException {
    try {
      callable().setAsciiStream(parameterName, x);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setBinaryStream(String parameterName, InputStream x) throws SQLException {
    try {
      callable().setBinaryStream(parameterName, x);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setCharacterStream(String parameterName, Reader reader) throws SQLException {
    try {
      callable().setCharacterStream(parameterName, reader);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setNCharacterStream(String parameterName, Reader value) throws SQLException {
    try {
      callable().setNCharacterStream(parameterName, value);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setClob(String parameterName, Reader reader) throws SQLException {
    try {
      callable().setClob(parameterName, reader);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setBlob(String parameterName, InputStream inputStream) throws SQLException {
    try {
      callable().setBlob(parameterName, inputStream);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setNClob(String parameterName, Reader reader) throws SQLException {
    try {
      callable().setNClob(parameterName, reader);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public <T> T getObject(int parameterIndex, Class<T> type) throws SQLException {
    try {
      return callable().getObject(parameterIndex, type);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public <T> T getObject(String parameterName, Class<T> type) throws SQLException {
    try {
      return callable().getObject(parameterName, type);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setObject(String parameterName, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
    try {
      callable().setObject(parameterName, x, targetSqlType, scaleOrLength);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void setObject(String parameterName, Object x, SQLType targetSqlType) throws SQLException {
    try {
      callable().setObject(parameterName, x, targetSqlType);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
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

  @Override
  public void registerOutParameter(String parameterName, SQLType sqlType) throws SQLException {
    try {
      callable().registerOutParameter(parameterName, sqlType);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void registerOutParameter(String parameterName, SQLType sqlType, int scale) throws SQLException {
    try {
      callable().registerOutParameter(parameterName, sqlType, scale);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  @Override
  public void registerOutParameter(String parameterName, SQLType sqlType, String typeName) throws SQLException {
    try {
      callable().registerOutParameter(parameterName, sqlType, typeName);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }
}
