package dev.venv.engine;

import dev.venv.state.PhysicalName;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A view of venv's cannot be replaced or dropped because objects venv did not create depend on it
 * (SQLState {@code 2BP01}, as PostgreSQL's own "cannot drop … because other objects depend on it"),
 * and venv never drops what it did not create.
 */
public final class ViewReplacementException extends SQLException {
  private final PhysicalName view;
  private final List<PhysicalName> dependents;

  private ViewReplacementException(String message, PhysicalName view, List<PhysicalName> dependents, Throwable cause) {
    super(message, "2BP01", cause);
    this.view = view;
    this.dependents = List.copyOf(dependents);
  }

  /** The view's columns change in a way that cannot be done in place, and {@code dependents} need it. */
  public static ViewReplacementException columnsChange(PhysicalName view, SQLException why, List<PhysicalName> dependents) {
    return new ViewReplacementException("Cannot replace view " + view + ": its columns change (" + firstLine(why)
        + ") and " + names(dependents) + " depend" + (dependents.size() == 1 ? "s" : "") + " on it", view, dependents, why);
  }

  /** The view goes away (its model was removed), and {@code dependents} need it. */
  public static ViewReplacementException removed(PhysicalName view, List<PhysicalName> dependents) {
    return new ViewReplacementException("Cannot drop view " + view + ": its model is gone and " + names(dependents)
        + " depend" + (dependents.size() == 1 ? "s" : "") + " on it", view, dependents, null);
  }

  /** The view of venv's that could not be replaced or dropped. */
  public PhysicalName view() {
    return view;
  }

  /** The objects, not venv's, that depend on it. */
  public List<PhysicalName> dependents() {
    return dependents;
  }

  private static String names(List<PhysicalName> names) {
    return names.stream().map(PhysicalName::toString).collect(Collectors.joining(", "));
  }

  /** PostgreSQL's message without its "Detail:"/"Hint:" lines and the "ERROR: " prefix. */
  private static String firstLine(SQLException e) {
    String message = e.getMessage() == null ? "" : e.getMessage().strip();
    int newline = message.indexOf('\n');
    message = newline < 0 ? message : message.substring(0, newline).strip();
    return message.startsWith("ERROR: ") ? message.substring("ERROR: ".length()) : message;
  }
}
