package dev.venv.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.venv.testing.IsolationWarehouse;
import dev.venv.testing.Rows;
import dev.venv.testing.Warehouse.Backend;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On PostgreSQL a number names a table: an OID, which {@code table_to_xml(regclass, …)} takes as it
 * is. Every environment's names (and so their OIDs) show in the catalogs, so a connection must not
 * read a table by a number any more than by a name it does not hold.
 */
class TableByOidTest {
  @TempDir Path dir;

  @Test
  void devDoesNotReadProdsPhysicalTableByItsOid() throws Exception {
    try (IsolationWarehouse w = IsolationWarehouse.create(Backend.POSTGRES, dir);
        Connection dev = w.connect("dev"); Statement s = dev.createStatement()) {
      assertThrows(SQLException.class, () -> s.executeQuery("SELECT total FROM analytics.slow_totals"));
      List<String> oids = Rows.of(dev, "SELECT c.oid FROM pg_class c WHERE c.relname LIKE 'analytics%slow_totals%'"
          + " AND c.relkind = 'r'");
      assertEquals(1, oids.size(), oids.toString());
      for (String sql : List.of("SELECT table_to_xml(" + oids.get(0) + ", true, false, '')",
          "SELECT table_to_xml(" + oids.get(0) + "::regclass, true, false, '')",
          "SELECT table_to_xml_and_xmlschema(" + oids.get(0) + ", true, false, '')")) {
        SQLException e = assertThrows(SQLException.class, () -> Rows.of(dev, sql), sql);
        assertEquals("42000", e.getSQLState(), sql);
      }
    }
  }
}
