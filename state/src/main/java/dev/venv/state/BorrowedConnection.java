package dev.venv.state;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;

/** A view of a connection whose {@link Connection#close()} leaves it open: its owner closes it. */
final class BorrowedConnection {
  private BorrowedConnection() {}

  static Connection of(Connection connection) {
    // A proxy is fine here: this is venv's own state work, never a client's query path.
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          if (method.getName().equals("close") && method.getParameterCount() == 0) {
            return null;
          }
          try {
            return method.invoke(connection, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
