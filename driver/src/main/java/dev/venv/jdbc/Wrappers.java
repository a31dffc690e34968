package dev.venv.jdbc;

import java.sql.SQLException;
import java.sql.Wrapper;

/** {@link Wrapper} for every venv wrapper: the backend object first, then the venv one. */
final class Wrappers {
  private Wrappers() {}

  static <T> T unwrap(Object venv, Wrapper delegate, Class<T> iface) throws SQLException {
    if (iface.isInstance(delegate)) {
      return iface.cast(delegate);
    }
    if (iface.isInstance(venv)) {
      return iface.cast(venv);
    }
    try {
      return delegate.unwrap(iface);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  static boolean isWrapperFor(Object venv, Wrapper delegate, Class<?> iface) throws SQLException {
    try {
      return iface.isInstance(delegate) || iface.isInstance(venv) || delegate.isWrapperFor(iface);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }
}
