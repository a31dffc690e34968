package dev.venv.engine;

import dev.venv.state.PhysicalName;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code venv doctor} on Trino: whether Trino's access control keeps the client's user off venv's
 * objects. Trino exposes no privileges to read (file-based access control keeps its rules in a
 * file), so the checks ask Trino itself, as the client: {@code EXPLAIN (TYPE VALIDATE)} of a
 * {@code DELETE} and an {@code INSERT} on each physical table must be denied (errorCode 4), and of a
 * {@code SELECT} on each physical object and environment view must pass. Validation analyses the
 * statement, access checks included, and runs nothing.
 */
final class TrinoIsolation {
  private static final int PERMISSION_DENIED = 4;

  private TrinoIsolation() {}

  static IsolationReport check(TrinoEngine engine, Connection owner, Collection<PhysicalName> environmentViews,
      String clientRole) throws SQLException {
    String ownerUser = owner.getMetaData().getUserName();
    List<IsolationReport.Check> checks = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    notes.add("Trino's access control cannot be asked about DDL without running it: DROP, ALTER, CREATE [OR REPLACE]"
        + " VIEW, CREATE SCHEMA and CALL were not checked (examples/trino/rules.json denies them to every user but"
        + " venv's). File-based access control cannot refuse table procedures (ALTER TABLE … EXECUTE optimize,"
        + " expire_snapshots, …) at all: the driver refuses them on venv's objects, a session that bypasses it is"
        + " not stopped.");
    if (clientRole == null) {
      checks.add(new IsolationReport.Check("client_role_given", true, false, "No --client-role given: on Trino the"
          + " checks run as the clients' user, so give the user of their jdbc:venv URLs", List.of()));
      return new IsolationReport("trino", ownerUser, null, checks, notes);
    }
    boolean same = clientRole.equals(ownerUser);
    checks.add(new IsolationReport.Check("client_is_not_owner", true, !same, same
        ? clientRole + " is the user venv works as: it may do anything to venv's objects, and isolation rests on the"
            + " driver alone" : clientRole + " is not " + ownerUser + ", the user venv works as", List.of()));
    Map<PhysicalName, String> physical = new TreeMap<>(java.util.Comparator.comparing(PhysicalName::toString));
    physical.putAll(engine.objects(owner, engine.physicalSchemas(owner)));
    List<String> writes = new ArrayList<>();
    List<String> unreadable = new ArrayList<>();
    try (Connection client = engine.openAs(clientRole); Statement s = client.createStatement()) {
      for (Map.Entry<PhysicalName, String> object : physical.entrySet()) {
        String name = engine.qualified(object.getKey());
        if ("TABLE".equals(object.getValue())) {
          for (String write : List.of("DELETE FROM " + name, "INSERT INTO " + name + " SELECT * FROM " + name)) {
            if (allowed(s, write)) {
              writes.add(write.substring(0, write.indexOf(' ')) + " on " + object.getKey());
            }
          }
        }
        if (!allowed(s, "SELECT * FROM " + name)) {
          unreadable.add("SELECT on " + object.getKey());
        }
      }
      for (PhysicalName view : environmentViews) {
        if (!allowed(s, "SELECT * FROM " + engine.qualified(view))) {
          unreadable.add("SELECT on " + view);
        }
      }
    }
    checks.add(new IsolationReport.Check("client_cannot_write", true, writes.isEmpty(), writes.isEmpty()
        ? "Trino denies " + clientRole + " INSERT and DELETE on every physical table of venv's (" + physical.size()
            + " objects asked)" : "Trino lets " + clientRole + " write venv's physical tables", writes));
    checks.add(new IsolationReport.Check("client_can_read", false, unreadable.isEmpty(), unreadable.isEmpty()
        ? clientRole + " may read venv's objects and every environment's views"
        : clientRole + " may not read what it needs (see README, Trino)", unreadable));
    return new IsolationReport("trino", ownerUser, clientRole, checks, notes);
  }

  /** Whether Trino's analysis, access checks included, lets {@code sql} run; runs nothing. */
  private static boolean allowed(Statement s, String sql) throws SQLException {
    try {
      s.executeQuery("EXPLAIN (TYPE VALIDATE) " + sql).close();
      return true;
    } catch (SQLException e) {
      if (e.getErrorCode() == PERMISSION_DENIED) {
        return false;
      }
      throw e;
    }
  }
}
