package dev.venv.state;

import java.sql.SQLException;

/** A failure of the state store; the message says which state operation and why. */
public class StateException extends SQLException {
  private static final long serialVersionUID = 1L;

  public StateException(String message, String sqlState, Throwable cause) {
    super(message, sqlState, cause);
  }

  public StateException(String message, String sqlState) {
    super(message, sqlState);
  }
}
