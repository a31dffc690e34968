package dev.venv.engine;

import dev.venv.state.PhysicalName;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * What PostgreSQL would drop or change along with some objects: a recursive walk of
 * {@code pg_depend}, where a view depends on what it reads through its {@code _RETURN} rule
 * ({@code pg_rewrite}). Names resolve as the server resolves a statement's, on the given session.
 */
final class PostgresDependents {
  /*
   * target: each name resolved by the to_reg* function of its kind (NULL when it does not exist).
   * walk:   every object whose pg_depend row points at an object already walked; a rewrite rule
   *         stands for the view it belongs to, so the walk goes on from the view. UNION (not UNION
   *         ALL) stops at objects seen before, so cycles end.
   */
  private static final String SQL = """
      WITH RECURSIVE target(classid, objid) AS (
        SELECT CASE t.kind WHEN 'RELATION' THEN 'pg_class'::regclass WHEN 'SCHEMA' THEN 'pg_namespace'::regclass
                           WHEN 'FUNCTION' THEN 'pg_proc'::regclass ELSE 'pg_type'::regclass END::oid,
               CASE t.kind WHEN 'RELATION' THEN to_regclass(t.name)::oid
                           WHEN 'SCHEMA' THEN to_regnamespace(t.name)::oid
                           WHEN 'FUNCTION' THEN CASE WHEN strpos(t.name, '(') > 0 THEN to_regprocedure(t.name)::oid
                                                     ELSE to_regproc(t.name)::oid END
                           ELSE to_regtype(t.name)::oid END
        FROM unnest(?::text[], ?::text[]) AS t(kind, name)
      ), walk(classid, objid) AS (
        SELECT classid, objid FROM target WHERE objid IS NOT NULL
        UNION
        SELECT CASE WHEN d.classid = 'pg_rewrite'::regclass THEN 'pg_class'::regclass::oid ELSE d.classid END,
               CASE WHEN d.classid = 'pg_rewrite'::regclass THEN r.ev_class ELSE d.objid END
        FROM walk w
        JOIN pg_depend d ON d.refclassid = w.classid AND d.refobjid = w.objid
        LEFT JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND r.oid = d.objid
      )
      SELECT DISTINCT n.nspname, c.relname
      FROM walk w
      JOIN pg_class c ON w.classid = 'pg_class'::regclass AND c.oid = w.objid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f')
        AND NOT EXISTS (SELECT 1 FROM target t WHERE t.classid = w.classid AND t.objid = w.objid)
      """;

  private PostgresDependents() {}

  static List<PhysicalName> of(Connection c, List<DropTarget> targets) throws SQLException {
    if (targets.isEmpty()) {
      return List.of();
    }
    Array kinds = c.createArrayOf("text", targets.stream().map(t -> t.kind().name()).toArray());
    Array names = c.createArrayOf("text", targets.stream().map(DropTarget::name).toArray());
    try (PreparedStatement ps = c.prepareStatement(SQL)) {
      ps.setArray(1, kinds);
      ps.setArray(2, names);
      List<PhysicalName> result = new java.util.ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(new PhysicalName(rs.getString(1), rs.getString(2)));
        }
      }
      // sorted here: the server's collation may order '_' differently
      result.sort(java.util.Comparator.comparing(PhysicalName::schema).thenComparing(PhysicalName::table));
      return result;
    } finally {
      kinds.free();
      names.free();
    }
  }
}
