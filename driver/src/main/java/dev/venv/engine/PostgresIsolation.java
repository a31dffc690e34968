package dev.venv.engine;

import dev.venv.state.PhysicalName;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The checks of {@code venv doctor} on PostgreSQL, read from the catalog: who owns venv's
 * objects, and what a client role may do to them.
 *
 * <p>venv's objects: the schemas {@code venv_state} and {@code venv__*} and what is in them, and
 * the environments' views with their schemas (named by the state, since a model schema such as
 * {@code marts} is prod's view schema).
 */
final class PostgresIsolation {
  /** Privileges on a table or view that change it or pin it (a foreign key, a trigger). */
  private static final String WRITES = "ARRAY['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']";

  /** Parameters 1-3: environment views' schemas, and the same again with their tables. */
  private static final String VENV_OBJECTS = """
      WITH env_view(schema, name) AS (SELECT * FROM unnest(?::text[], ?::text[])),
      venv_schema AS (
        SELECT n.oid, n.nspname AS name, n.nspowner AS owner, n.nspacl AS acl FROM pg_namespace n
        WHERE n.nspname = 'venv_state' OR n.nspname LIKE 'venv\\_\\_%' OR n.nspname = ANY(?::text[])
      ), venv_relation AS (
        SELECT c.oid, n.nspname AS schema, quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS name,
               c.relowner AS owner, c.relacl AS acl
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f')
          AND (n.nspname = 'venv_state' OR n.nspname LIKE 'venv\\_\\_%'
               OR EXISTS (SELECT 1 FROM env_view e WHERE e.schema = n.nspname AND e.name = c.relname))
      )
      """;

  private final Connection c;
  private final List<String> viewSchemas = new ArrayList<>();
  private final List<String> viewTables = new ArrayList<>();

  private PostgresIsolation(Connection c, Collection<PhysicalName> environmentViews) {
    this.c = c;
    for (PhysicalName view : environmentViews) {
      viewSchemas.add(view.schema());
      viewTables.add(view.table());
    }
  }

  static IsolationReport check(Connection c, Collection<PhysicalName> environmentViews, String clientRole)
      throws SQLException {
    return new PostgresIsolation(c, environmentViews).report(clientRole);
  }

  private IsolationReport report(String clientRole) throws SQLException {
    String owner = owner();
    List<IsolationReport.Check> checks = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<String> foreign = strings(VENV_OBJECTS
        + "SELECT 'schema ' || quote_ident(name) || ' (owner ' || pg_get_userbyid(owner) || ')' FROM venv_schema"
        + " WHERE pg_get_userbyid(owner) <> ?"
        + " UNION ALL SELECT name || ' (owner ' || pg_get_userbyid(owner) || ')' FROM venv_relation"
        + " WHERE pg_get_userbyid(owner) <> ? ORDER BY 1", owner, owner);
    checks.add(new IsolationReport.Check("owned_by_one_role", true, foreign.isEmpty(),
        foreign.isEmpty() ? "venv's objects all belong to " + owner
            : "venv's objects should all belong to " + owner + " (the owner of venv_state); these do not, and"
                + " their owners can drop or change them whatever the privileges say", foreign));
    if (clientRole == null) {
      List<String> writers = otherWriters(owner);
      checks.add(new IsolationReport.Check("others_cannot_write", true, writers.isEmpty(),
          writers.isEmpty() ? "no role but " + owner + " (and superusers) may write venv's objects"
              : "roles other than " + owner + " may write venv's objects", writers));
      notes.add("No --client-role given: a client that connects as " + owner + ", the owner, may write every"
          + " object of venv's, and isolation then rests on the driver alone. Give the role your clients connect"
          + " as (the user of their jdbc:venv URLs) to check it.");
      return new IsolationReport("postgresql", owner, null, checks, notes);
    }
    if (strings("SELECT 1 FROM pg_roles WHERE rolname = ?", clientRole).isEmpty()) {
      throw new SQLException("Role '" + clientRole + "' does not exist", "42704");
    }
    List<String> asOwner = strings("SELECT CASE WHEN ? = ? THEN 'is the owner'"
        + " WHEN rolsuper THEN 'is a superuser'"
        + " WHEN pg_has_role(?, ?, 'MEMBER') THEN 'is a member of the owner role ' || ?"
        + " END FROM pg_roles WHERE rolname = ?", clientRole, owner, clientRole, owner, owner, clientRole);
    asOwner.removeIf(java.util.Objects::isNull);
    checks.add(new IsolationReport.Check("client_is_not_owner", true, asOwner.isEmpty(),
        asOwner.isEmpty() ? clientRole + " is not " + owner + ", not a member of it, not a superuser"
            : clientRole + " " + asOwner.get(0) + ": it may do anything to venv's objects, and isolation rests on"
                + " the driver alone", List.of()));
    List<String> writes = strings(VENV_OBJECTS
        + "SELECT p.privilege || ' on ' || r.name FROM venv_relation r CROSS JOIN unnest(" + WRITES + ") AS p(privilege)"
        + " WHERE has_table_privilege(?, r.oid, p.privilege)"
        + " UNION ALL SELECT 'CREATE on schema ' || quote_ident(s.name) FROM venv_schema s"
        + " WHERE has_schema_privilege(?, s.oid, 'CREATE')"
        + " UNION ALL SELECT 'CREATE on database ' || quote_ident(current_database())"
        + " WHERE has_database_privilege(?, current_database(), 'CREATE') ORDER BY 1", clientRole, clientRole, clientRole);
    checks.add(new IsolationReport.Check("client_cannot_write", true, writes.isEmpty(),
        writes.isEmpty() ? clientRole + " can write none of venv's objects, nor create schemas"
            : clientRole + " may write or create where it must not (CREATE on the database lets it make a schema"
                + " before venv does, under a name venv will use)", writes));
    List<String> unreadable = strings(VENV_OBJECTS
        + "SELECT 'USAGE on schema ' || quote_ident(s.name) FROM venv_schema s"
        + " WHERE s.name <> 'venv_state' AND NOT has_schema_privilege(?, s.oid, 'USAGE')"
        + " UNION ALL SELECT 'SELECT on ' || r.name FROM venv_relation r"
        + " WHERE r.schema <> 'venv_state' AND NOT has_table_privilege(?, r.oid, 'SELECT') ORDER BY 1",
        clientRole, clientRole);
    unreadable.addAll(missingDefaultPrivileges(owner, clientRole));
    checks.add(new IsolationReport.Check("client_can_read", false, unreadable.isEmpty(),
        unreadable.isEmpty() ? clientRole + " may read venv's objects, and those venv makes from now on"
            : clientRole + " lacks what it needs to read venv's objects (see README, Team setup on PostgreSQL)",
        unreadable));
    return new IsolationReport("postgresql", owner, clientRole, checks, notes);
  }

  /** The owner of venv_state, else the role checking (nothing of venv's exists yet). */
  private String owner() throws SQLException {
    List<String> owner = strings("SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'venv_state'");
    return owner.isEmpty() ? strings("SELECT current_user").get(0) : owner.get(0);
  }

  /** Grants of write privileges on venv's objects to roles other than their owners, and members of the owner role. */
  private List<String> otherWriters(String owner) throws SQLException {
    String grantee = "CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END";
    return strings(VENV_OBJECTS
        + "SELECT " + grantee + " || ': ' || a.privilege_type || ' on ' || r.name"
        + " FROM venv_relation r, aclexplode(r.acl) a"
        + " WHERE a.grantee <> r.owner AND a.privilege_type = ANY(" + WRITES + ")"
        + " UNION ALL SELECT " + grantee + " || ': CREATE on schema ' || quote_ident(s.name)"
        + " FROM venv_schema s, aclexplode(s.acl) a WHERE a.grantee <> s.owner AND a.privilege_type = 'CREATE'"
        + " UNION ALL SELECT pg_get_userbyid(m.member) || ': member of ' || ?"
        + " FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid WHERE r.rolname = ? ORDER BY 1", owner, owner);
  }

  /**
   * The owner's default privileges in this database that let the client read what venv creates
   * next: USAGE on new schemas and SELECT on new tables and views, to the client, a role it is a
   * member of, or PUBLIC. The client itself can remove those that name its role (DROP OWNED BY
   * CURRENT_USER does), which is why they are checked here.
   */
  private List<String> missingDefaultPrivileges(String owner, String clientRole) throws SQLException {
    if (owner.equals(clientRole)) {
      return List.of();
    }
    List<String> present = strings("SELECT DISTINCT d.defaclobjtype::text FROM pg_default_acl d, aclexplode(d.defaclacl) a"
        + " WHERE d.defaclrole = (SELECT oid FROM pg_roles WHERE rolname = ?) AND d.defaclnamespace = 0"
        + " AND ((d.defaclobjtype = 'r' AND a.privilege_type = 'SELECT') OR (d.defaclobjtype = 'n' AND a.privilege_type = 'USAGE'))"
        + " AND (a.grantee = 0 OR pg_has_role(?, a.grantee, 'USAGE'))", owner, clientRole);
    List<String> missing = new ArrayList<>();
    if (!present.contains("n")) {
      missing.add("default privilege: ALTER DEFAULT PRIVILEGES FOR ROLE " + owner + " GRANT USAGE ON SCHEMAS TO " + clientRole);
    }
    if (!present.contains("r")) {
      missing.add("default privilege: ALTER DEFAULT PRIVILEGES FOR ROLE " + owner + " GRANT SELECT ON TABLES TO " + clientRole);
    }
    return missing;
  }

  /** The first column of every row; the parameters after the environment views' arrays, when the SQL starts with them. */
  private List<String> strings(String sql, String... parameters) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      Array schemas = null;
      Array tables = null;
      if (sql.startsWith(VENV_OBJECTS)) {
        schemas = c.createArrayOf("text", viewSchemas.toArray());
        tables = c.createArrayOf("text", viewTables.toArray());
        ps.setArray(i++, schemas);
        ps.setArray(i++, tables);
        ps.setArray(i++, schemas);
      }
      for (String parameter : parameters) {
        ps.setString(i++, parameter);
      }
      List<String> result = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(rs.getString(1));
        }
      }
      return result;
    }
  }
}
