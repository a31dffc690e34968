package dev.venv.sql;

import java.util.Objects;

/**
 * Why routing will not send a SQL text to the backend.
 *
 * @param sqlState {@code 42501} for a write to venv's objects, {@code 42P01} for a name this
 *                 environment does not hold, {@code 42000} for what cannot be analysed
 * @param message  what is wrong and where, naming the model and the environment
 */
public record Refusal(String sqlState, String message) {
  public Refusal {
    Objects.requireNonNull(sqlState, "sqlState");
    Objects.requireNonNull(message, "message");
  }
}
