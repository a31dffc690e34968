package dev.venv.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a user would compare to see whether anything of venv's changed in a PostgreSQL database:
 * every schema and relation outside the system schemas and the client's own ({@code scratch},
 * {@code public}), with its kind, owner, privileges, columns, view definition, triggers and
 * extended statistics, and a digest of its rows.
 */
public final class PostgresCatalog {
  private PostgresCatalog() {}

  /** Object name → description, read on {@code c} (connect as the owner: it must read everything). */
  public static Map<String, String> describe(Connection c) throws SQLException {
    Map<String, String> result = new TreeMap<>();
    String userSchemas = "n.nspname NOT IN ('pg_catalog', 'information_schema', 'public', '"
        + PostgresTestDatabase.SCRATCH + "') AND n.nspname NOT LIKE 'pg\\_%'";
    List<String> relations = new ArrayList<>();
    try (Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT n.nspname, pg_get_userbyid(n.nspowner), n.nspacl::text"
          + " FROM pg_namespace n WHERE " + userSchemas)) {
        while (rs.next()) {
          result.put("schema " + rs.getString(1), "owner " + rs.getString(2) + " acl " + rs.getString(3));
        }
      }
      try (ResultSet rs = s.executeQuery("SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname), c.relkind,"
          + " pg_get_userbyid(c.relowner), c.relacl::text,"
          + " (SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum)"
          + "    FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),"
          + " CASE WHEN c.relkind = 'v' THEN pg_get_viewdef(c.oid) END,"
          + " (SELECT string_agg(t.tgname, ', ' ORDER BY t.tgname) FROM pg_trigger t WHERE t.tgrelid = c.oid),"
          + " (SELECT string_agg(x.stxname, ', ' ORDER BY x.stxname) FROM pg_statistic_ext x WHERE x.stxrelid = c.oid),"
          + " (SELECT string_agg(r.rulename, ', ' ORDER BY r.rulename) FROM pg_rewrite r"
          + "    WHERE r.ev_class = c.oid AND r.rulename <> '_RETURN')"
          + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
          + " WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f') AND " + userSchemas)) {
        while (rs.next()) {
          relations.add(rs.getString(1));
          result.put(rs.getString(1), "kind " + rs.getString(2) + " owner " + rs.getString(3) + " acl " + rs.getString(4)
              + " columns (" + rs.getString(5) + ") definition " + rs.getString(6) + " triggers " + rs.getString(7)
              + " statistics " + rs.getString(8) + " rules " + rs.getString(9));
        }
      }
      for (String relation : relations) {
        try (ResultSet rs = s.executeQuery("SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), ''))"
            + " FROM " + relation + " t")) {
          rs.next();
          result.merge(relation, " rows " + rs.getLong(1) + " digest " + rs.getString(2), String::concat);
        }
      }
    }
    return result;
  }
}
