package dev.venv.jdbc;

import dev.venv.sql.RoutingNames;
import dev.venv.sql.SessionPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The two sides of a session's search path in one environment: the backend's schemas and the
 * logical ones the client names. A model schema the environment holds is its view schema to the
 * backend ({@code marts} is {@code marts__dev}); prod's views seen from another environment,
 * other environments' view schemas and venv's own schemas are no place for a session, so they
 * are taken off the backend's path.
 */
final class SessionPaths {
  /** A backend path mapped: the logical path, and the backend path the session must have. */
  record Mapped(SessionPath logical, List<String> backend) {}

  private final RoutingNames names;

  SessionPaths(EnvironmentRoute route) {
    this.names = route.names();
  }

  /** Maps the path the backend reports (schema names, current first). */
  Mapped map(List<String> backendPath) {
    List<String> logical = new ArrayList<>(backendPath.size());
    List<String> backend = new ArrayList<>(backendPath.size());
    for (String schema : backendPath) {
      String lower = schema.toLowerCase(Locale.ROOT);
      switch (names.kind(lower)) {
        case USER -> {
          logical.add(schema);
          backend.add(schema);
        }
        case OWN_VIEW -> {
          logical.add(names.modelSchemaOf(lower));
          backend.add(schema);
        }
        case MODEL -> {
          // prod's own view schema is the model schema; elsewhere it shows prod's views
          if (names.holdsSchema(lower)) {
            logical.add(lower);
            backend.add(names.viewSchema(lower));
          }
        }
        default -> { } // another environment's, or venv's: off the path
      }
    }
    return new Mapped(new SessionPath(logical), backend);
  }
}
