package dev.venv.engine;

import dev.venv.state.PhysicalName;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What PostgreSQL would drop or change along with some objects: a recursive walk of
 * {@code pg_depend}, where a view depends on what it reads through its {@code _RETURN} rule
 * ({@code pg_rewrite}). Names resolve as the server resolves a statement's, on the given session.
 */
final class PostgresDependents {
  private static final Comparator<PhysicalName> ORDER =
      Comparator.comparing(PhysicalName::schema).thenComparing(PhysicalName::table);

  /*
   * target: each name resolved by the to_reg* function of its kind (NULL when it does not exist),
   *         numbered so that each dependent is told apart by the target it was reached from.
   * walk:   every object whose pg_depend row points at an object already walked from the same
   *         target; a rewrite rule stands for the view it belongs to, so the walk goes on from the
   *         view. UNION (not UNION ALL) stops at objects seen before, so cycles end.
   * %s:     which walked objects are not dependents: the target itself, or every target.
   */
  private static final String SQL = """
      WITH RECURSIVE target(root, classid, objid) AS (
        SELECT t.root,
               CASE t.kind WHEN 'RELATION' THEN 'pg_class'::regclass WHEN 'SCHEMA' THEN 'pg_namespace'::regclass
                           WHEN 'FUNCTION' THEN 'pg_proc'::regclass ELSE 'pg_type'::regclass END::oid,
               CASE t.kind WHEN 'RELATION' THEN to_regclass(t.name)::oid
                           WHEN 'SCHEMA' THEN to_regnamespace(t.name)::oid
                           WHEN 'FUNCTION' THEN CASE WHEN strpos(t.name, '(') > 0 THEN to_regprocedure(t.name)::oid
                                                     ELSE to_regproc(t.name)::oid END
                           ELSE to_regtype(t.name)::oid END
        FROM unnest(?::text[], ?::text[]) WITH ORDINALITY AS t(kind, name, root)
      ), walk(root, classid, objid) AS (
        SELECT root, classid, objid FROM target WHERE objid IS NOT NULL
        UNION
        SELECT w.root,
               CASE WHEN d.classid = 'pg_rewrite'::regclass THEN 'pg_class'::regclass::oid ELSE d.classid END,
               CASE WHEN d.classid = 'pg_rewrite'::regclass THEN r.ev_class ELSE d.objid END
        FROM walk w
        JOIN pg_depend d ON d.refclassid = w.classid AND d.refobjid = w.objid
        LEFT JOIN pg_rewrite r ON d.classid = 'pg_rewrite'::regclass AND r.oid = d.objid
      )
      SELECT DISTINCT w.root, n.nspname, c.relname
      FROM walk w
      JOIN pg_class c ON w.classid = 'pg_class'::regclass AND c.oid = w.objid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f')
        AND NOT EXISTS (SELECT 1 FROM target t WHERE t.classid = w.classid AND t.objid = w.objid %s)
      """;

  private PostgresDependents() {}

  /** Every relation that depends on any target, sorted, without the targets themselves. */
  static List<PhysicalName> of(Connection c, List<DropTarget> targets) throws SQLException {
    TreeSet<PhysicalName> all = new TreeSet<>(ORDER);
    walk(c, targets, false).values().forEach(all::addAll);
    return List.copyOf(all);
  }

  /** For each view that something depends on, what does, sorted. */
  static Map<PhysicalName, List<PhysicalName>> byView(Connection c, Collection<PhysicalName> views) throws SQLException {
    List<PhysicalName> ordered = List.copyOf(views);
    List<DropTarget> targets = ordered.stream().map(v -> DropTarget.relation(v.quoted())).toList();
    Map<PhysicalName, List<PhysicalName>> result = new HashMap<>();
    walk(c, targets, true).forEach((root, dependents) -> result.put(ordered.get(root), dependents));
    return result;
  }

  /** Target index (0-based) → its dependents, sorted; targets without any are absent. */
  private static Map<Integer, List<PhysicalName>> walk(Connection c, List<DropTarget> targets, boolean perTarget)
      throws SQLException {
    Map<Integer, List<PhysicalName>> result = new HashMap<>();
    if (targets.isEmpty()) {
      return result;
    }
    Array kinds = c.createArrayOf("text", targets.stream().map(t -> t.kind().name()).toArray());
    Array names = c.createArrayOf("text", targets.stream().map(DropTarget::name).toArray());
    try (PreparedStatement ps = c.prepareStatement(SQL.formatted(perTarget ? "AND t.root = w.root" : ""))) {
      ps.setArray(1, kinds);
      ps.setArray(2, names);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.computeIfAbsent(rs.getInt(1) - 1, k -> new ArrayList<>())
              .add(new PhysicalName(rs.getString(2), rs.getString(3)));
        }
      }
    } finally {
      kinds.free();
      names.free();
    }
    // sorted here: the server's collation may order '_' differently
    result.values().forEach(list -> list.sort(ORDER));
    return result;
  }
}
