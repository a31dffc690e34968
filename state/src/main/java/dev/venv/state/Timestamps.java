package dev.venv.state;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** State timestamps are stored as UTC {@code TIMESTAMP}s, the one type both backends map alike. */
final class Timestamps {
  private Timestamps() {}

  static LocalDateTime toDatabase(Instant instant) {
    return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  static Instant fromDatabase(LocalDateTime value) {
    return value == null ? null : value.toInstant(ZoneOffset.UTC);
  }

  static Instant read(ResultSet rs, int column) throws SQLException {
    return fromDatabase(rs.getObject(column, LocalDateTime.class));
  }
}
