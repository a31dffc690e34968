package dev.venv.jdbc;

import java.sql.SQLException;
import java.sql.Wrapper;

/**
 * {@link Wrapper} for every venv wrapper. A {@code java.sql} interface the venv object implements
 * is answered with the venv object itself: handing out the backend's object there would let a
 * client (or a pool) run SQL around the routing unseen. The backend's own classes and interfaces
 * ({@code DuckDBConnection}, {@code PgConnection}, {@code PGConnection}) reach the backend's
 * object, for clients that ask for them by name.
 */
final class Wrappers {
  private Wrappers() {}

  static <T> T unwrap(Object venv, Wrapper delegate, Class<T> iface) throws SQLException {
    if (iface.isInstance(venv)) {
      return iface.cast(venv);
    }
    if (iface.isInstance(delegate)) {
      return iface.cast(delegate);
    }
    try {
      return delegate.unwrap(iface);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }

  static boolean isWrapperFor(Object venv, Wrapper delegate, Class<?> iface) throws SQLException {
    try {
      return iface.isInstance(venv) || iface.isInstance(delegate) || delegate.isWrapperFor(iface);
    } catch (SQLException e) {
      throw SqlStates.ensure(e);
    }
  }
}
