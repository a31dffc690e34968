package dev.venv.jdbc;

import dev.venv.engine.BackendErrors;
import dev.venv.jdbc.EnvironmentRoute.LogicalTable;
import dev.venv.sql.RoutingNames;
import dev.venv.sql.RoutingNames.SchemaKind;
import dev.venv.state.PhysicalName;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/** The backend's errors as a client of one environment should read them. Part of an {@link EnvironmentRoute}. */
final class ErrorExplanations {
  private final String environment;
  private final RoutingNames names;
  private final ClientNames clientNames;

  ErrorExplanations(String environment, RoutingNames names, ClientNames clientNames) {
    this.environment = environment;
    this.names = names;
    this.clientNames = clientNames;
  }

  private static final java.util.regex.Pattern PHYSICAL_TABLE =
      java.util.regex.Pattern.compile("([a-z0-9_]+?)__([a-z0-9_]+)__([0-9a-f]{16})\\b");

  /**
   * The backend's error as a client of this environment should read it: a physical object named
   * with its model ({@code marts.orders}, not {@code venv__marts.marts__orders__1a2b…}), a gone
   * one with the reason (the janitor dropped an old snapshot: reconnect), and no suggestion of
   * names that are venv's or another environment's ({@link BackendErrors#withoutSuggestions}).
   */
  SQLException explain(SQLException e) {
    String message = e.getMessage();
    if (message == null || message.indexOf("__") < 0 && !BackendErrors.suggestsNames(message)) {
      return e;
    }
    String explained = BackendErrors.withoutSuggestions(message, name -> {
      int dot = name.indexOf('.');
      return dot > 0 && names.kind(name.substring(0, dot).strip()) != SchemaKind.USER;
    });
    java.util.regex.Matcher m = PHYSICAL_TABLE.matcher(explained);
    StringBuilder models = new StringBuilder();
    Set<String> seen = new TreeSet<>();
    boolean ownGone = false;
    while (m.find()) {
      String table = m.group();
      LogicalTable logical = clientNames.logicalTable(PhysicalName.SCHEMA_PREFIX + m.group(1), table);
      String model = logical != null ? logical.schema() + "." + logical.table()
          : RoutingNames.modelOfPhysical(PhysicalName.SCHEMA_PREFIX + m.group(1), table);
      if (model != null && seen.add(table)) {
        models.append(models.length() == 0 ? "" : "; ").append(table).append(" is model ").append(model)
            .append(logical != null ? " of environment " + environment : "");
        ownGone |= logical != null;
      }
    }
    if (ownGone && explained.toLowerCase(Locale.ROOT).contains("does not exist")) {
      models.append(": this connection's snapshot of it is gone (the janitor drops an old snapshot after a"
          + " promotion or update); reconnect to read the environment as it is now");
    }
    if (models.length() > 0) {
      explained = explained + " (venv: " + models + ")";
    }
    return explained.equals(message) ? e : SqlStates.withMessage(e, explained);
  }
}
