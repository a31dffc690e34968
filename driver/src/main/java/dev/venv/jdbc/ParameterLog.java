package dev.venv.jdbc;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.Calendar;

/**
 * The last value set for each parameter of a prepared statement, so that the statement can be
 * prepared again and left as the client set it when the backend closes it after a failed execute
 * ({@link dev.venv.engine.Engine#closesStatementOnError()}). On other backends it records nothing.
 *
 * <p>Kept in parallel arrays indexed by parameter, primitives unboxed in a {@code long[]}: setting
 * a parameter stores into arrays allocated once, so the happy path allocates nothing here.
 * A stream or reader can be read once: where it is recorded, the backend is given a copy that
 * keeps what the backend reads of it, and that is what is set again. (DuckDB, the backend that
 * needs the record, reads a stream whole when it is set.)
 */
final class ParameterLog {
  static final byte NONE = 0;
  static final byte NULL = 1;
  static final byte NULL_NAMED = 2;
  static final byte BOOLEAN = 3;
  static final byte BYTE = 4;
  static final byte SHORT = 5;
  static final byte INT = 6;
  static final byte LONG = 7;
  static final byte FLOAT = 8;
  static final byte DOUBLE = 9;
  static final byte BIG_DECIMAL = 10;
  static final byte STRING = 11;
  static final byte NSTRING = 12;
  static final byte BYTES = 13;
  static final byte DATE = 14;
  static final byte TIME = 15;
  static final byte TIMESTAMP = 16;
  static final byte DATE_CALENDAR = 17;
  static final byte TIME_CALENDAR = 18;
  static final byte TIMESTAMP_CALENDAR = 19;
  static final byte URL = 20;
  static final byte REF = 21;
  static final byte BLOB = 22;
  static final byte CLOB = 23;
  static final byte NCLOB = 24;
  static final byte ARRAY = 25;
  static final byte ROW_ID = 26;
  static final byte SQLXML_VALUE = 27;
  static final byte OBJECT = 28;
  static final byte OBJECT_TYPED = 29;
  static final byte OBJECT_TYPED_SCALE = 30;
  static final byte OBJECT_SQL_TYPE = 31;
  static final byte OBJECT_SQL_TYPE_SCALE = 32;
  // Streams and readers: set again with what the backend read of them (a Captured*).
  static final byte ASCII_STREAM = 33;
  static final byte UNICODE_STREAM = 34;
  static final byte BINARY_STREAM = 35;
  static final byte BLOB_STREAM = 36;
  static final byte CHARACTER_STREAM = 37;
  static final byte NCHARACTER_STREAM = 38;
  static final byte CLOB_READER = 39;
  static final byte NCLOB_READER = 46;
  static final byte OUT_TYPE = 40;
  static final byte OUT_TYPE_SCALE = 41;
  static final byte OUT_TYPE_NAME = 42;
  static final byte OUT_SQL_TYPE = 43;
  static final byte OUT_SQL_TYPE_SCALE = 44;
  static final byte OUT_SQL_TYPE_NAME = 45;

  /** Whether the backend may close the statement, so that there is anything to set again. */
  private final boolean recording;
  private byte[] kinds;
  private long[] primitives;
  private int[] sqlTypes;
  private Object[] values;
  private Object[] extras;

  ParameterLog(boolean recording) {
    this.recording = recording;
  }

  /** Records a setter or registration the backend accepted for parameter {@code index} (1-based). */
  void put(int index, byte kind, long primitive, int sqlType, Object value, Object extra) {
    if (!recording || index < 1) {
      return;
    }
    if (kinds == null || index >= kinds.length) {
      grow(index);
    }
    kinds[index] = kind;
    primitives[index] = primitive;
    sqlTypes[index] = sqlType;
    values[index] = value;
    extras[index] = extra;
  }

  void put(int index, byte kind, long primitive) {
    put(index, kind, primitive, 0, null, null);
  }

  void put(int index, byte kind, Object value) {
    put(index, kind, 0, 0, value, null);
  }

  /** Whether nothing is recorded (every parameter as if never set). */
  boolean isEmpty() {
    if (kinds != null) {
      for (byte kind : kinds) {
        if (kind != NONE) {
          return false;
        }
      }
    }
    return true;
  }

  /** {@code stream} as the backend should be given it: one that keeps what is read, where recording. */
  InputStream capture(InputStream stream) {
    return recording && stream != null ? new CapturedStream(stream) : stream;
  }

  /** {@code reader} as the backend should be given it: one that keeps what is read, where recording. */
  Reader capture(Reader reader) {
    return recording && reader != null ? new CapturedReader(reader) : reader;
  }

  void clear() {
    if (kinds != null) {
      Arrays.fill(kinds, NONE);
      Arrays.fill(values, null);
      Arrays.fill(extras, null);
    }
  }

  private void grow(int index) {
    int size = Math.max(index + 1, kinds == null ? 8 : kinds.length * 2);
    kinds = kinds == null ? new byte[size] : Arrays.copyOf(kinds, size);
    primitives = primitives == null ? new long[size] : Arrays.copyOf(primitives, size);
    sqlTypes = sqlTypes == null ? new int[size] : Arrays.copyOf(sqlTypes, size);
    values = values == null ? new Object[size] : Arrays.copyOf(values, size);
    extras = extras == null ? new Object[size] : Arrays.copyOf(extras, size);
  }

  /** Sets every recorded parameter on {@code statement} again, as the client last set it. */
  void replay(PreparedStatement statement) throws SQLException {
    if (kinds == null) {
      return;
    }
    for (int i = 1; i < kinds.length; i++) {
      if (kinds[i] != NONE) {
        replay(statement, i);
      }
    }
  }

  private void replay(PreparedStatement s, int i) throws SQLException {
    long p = primitives[i];
    Object v = values[i];
    Object x = extras[i];
    switch (kinds[i]) {
      case NULL -> s.setNull(i, sqlTypes[i]);
      case NULL_NAMED -> s.setNull(i, sqlTypes[i], (String) x);
      case BOOLEAN -> s.setBoolean(i, p != 0);
      case BYTE -> s.setByte(i, (byte) p);
      case SHORT -> s.setShort(i, (short) p);
      case INT -> s.setInt(i, (int) p);
      case LONG -> s.setLong(i, p);
      case FLOAT -> s.setFloat(i, Float.intBitsToFloat((int) p));
      case DOUBLE -> s.setDouble(i, Double.longBitsToDouble(p));
      case BIG_DECIMAL -> s.setBigDecimal(i, (BigDecimal) v);
      case STRING -> s.setString(i, (String) v);
      case NSTRING -> s.setNString(i, (String) v);
      case BYTES -> s.setBytes(i, (byte[]) v);
      case DATE -> s.setDate(i, (Date) v);
      case TIME -> s.setTime(i, (Time) v);
      case TIMESTAMP -> s.setTimestamp(i, (Timestamp) v);
      case DATE_CALENDAR -> s.setDate(i, (Date) v, (Calendar) x);
      case TIME_CALENDAR -> s.setTime(i, (Time) v, (Calendar) x);
      case TIMESTAMP_CALENDAR -> s.setTimestamp(i, (Timestamp) v, (Calendar) x);
      case URL -> s.setURL(i, (java.net.URL) v);
      case REF -> s.setRef(i, (Ref) v);
      case BLOB -> s.setBlob(i, (Blob) v);
      case CLOB -> s.setClob(i, (Clob) v);
      case NCLOB -> s.setNClob(i, (NClob) v);
      case ARRAY -> s.setArray(i, (Array) v);
      case ROW_ID -> s.setRowId(i, (RowId) v);
      case SQLXML_VALUE -> s.setSQLXML(i, (SQLXML) v);
      case OBJECT -> s.setObject(i, v);
      case OBJECT_TYPED -> s.setObject(i, v, sqlTypes[i]);
      case OBJECT_TYPED_SCALE -> s.setObject(i, v, sqlTypes[i], (int) p);
      case OBJECT_SQL_TYPE -> s.setObject(i, v, (SQLType) x);
      case OBJECT_SQL_TYPE_SCALE -> s.setObject(i, v, (SQLType) x, (int) p);
      case OUT_TYPE -> ((CallableStatement) s).registerOutParameter(i, sqlTypes[i]);
      case OUT_TYPE_SCALE -> ((CallableStatement) s).registerOutParameter(i, sqlTypes[i], (int) p);
      case OUT_TYPE_NAME -> ((CallableStatement) s).registerOutParameter(i, sqlTypes[i], (String) x);
      case OUT_SQL_TYPE -> ((CallableStatement) s).registerOutParameter(i, (SQLType) x);
      case OUT_SQL_TYPE_SCALE -> ((CallableStatement) s).registerOutParameter(i, (SQLType) x, (int) p);
      case OUT_SQL_TYPE_NAME -> ((CallableStatement) s).registerOutParameter(i, (SQLType) x, (String) v);
      // with the length: DuckDB has no setAsciiStream without one
      case ASCII_STREAM -> s.setAsciiStream(i, bytesAgain(v), v == null ? 0 : ((CapturedStream) v).size());
      case UNICODE_STREAM -> s.setUnicodeStream(i, bytesAgain(v), v == null ? 0 : ((CapturedStream) v).size());
      case BINARY_STREAM -> s.setBinaryStream(i, bytesAgain(v));
      case BLOB_STREAM -> s.setBlob(i, bytesAgain(v));
      case CHARACTER_STREAM -> s.setCharacterStream(i, charactersAgain(v));
      case NCHARACTER_STREAM -> s.setNCharacterStream(i, charactersAgain(v));
      case CLOB_READER -> s.setClob(i, charactersAgain(v));
      case NCLOB_READER -> s.setNClob(i, charactersAgain(v));
      default -> throw new IllegalStateException("parameter kind " + kinds[i]);
    }
  }

  /** What the backend read of a stream, to read again; {@code null} for a null stream. */
  private static InputStream bytesAgain(Object captured) {
    return captured == null ? null : ((CapturedStream) captured).again();
  }

  /** What the backend read of a reader, to read again; {@code null} for a null reader. */
  private static Reader charactersAgain(Object captured) {
    return captured == null ? null : ((CapturedReader) captured).again();
  }

  /** A stream that keeps every byte read from it. */
  private static final class CapturedStream extends java.io.FilterInputStream {
    private final java.io.ByteArrayOutputStream read = new java.io.ByteArrayOutputStream();

    CapturedStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws java.io.IOException {
      int b = super.read();
      if (b >= 0) {
        read.write(b);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws java.io.IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        read.write(buffer, offset, n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws java.io.IOException {
      return in.skip(n); // skipped bytes were not given to the backend
    }

    int size() {
      return read.size();
    }

    InputStream again() {
      return new java.io.ByteArrayInputStream(read.toByteArray());
    }
  }

  /** A reader that keeps every character read from it. */
  private static final class CapturedReader extends java.io.FilterReader {
    private final StringBuilder read = new StringBuilder();

    CapturedReader(Reader in) {
      super(in);
    }

    @Override
    public int read() throws java.io.IOException {
      int c = super.read();
      if (c >= 0) {
        read.append((char) c);
      }
      return c;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws java.io.IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        read.append(buffer, offset, n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws java.io.IOException {
      return in.skip(n); // skipped characters were not given to the backend
    }

    Reader again() {
      return new java.io.StringReader(read.toString());
    }
  }
}
