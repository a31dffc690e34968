package dev.venv.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Result metadata on DuckDB, which names no tables: labels and types pass through, names stay empty. */
class ResultSetMetaDataTest {
  @TempDir static Path dir;
  static ConnectionWrapperTest.Shop shop;

  @BeforeAll
  static void environments() throws Exception {
    shop = ConnectionWrapperTest.Shop.duckDb(dir);
  }

  @AfterAll
  static void close() throws Exception {
    shop.close();
  }

  @Test
  void resultColumnsPassThroughAndNameNoPhysicalTable() throws Exception {
    try (Connection c = shop.connect("dev"); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT customer_id, order_count AS orders FROM marts.customer_orders")) {
      ResultSetMetaData md = rs.getMetaData();
      assertTrue(md instanceof VenvResultSetMetaData);
      assertEquals(2, md.getColumnCount());
      assertEquals("orders", md.getColumnLabel(2));
      assertEquals(Types.BIGINT, md.getColumnType(2));
      for (int i = 1; i <= 2; i++) {
        assertEquals("", md.getTableName(i));
        assertEquals("", md.getSchemaName(i));
      }
    }
  }

  @Test
  void preparedStatementMetaDataBeforeExecuting() throws Exception {
    try (Connection c = shop.connect("dev");
         PreparedStatement p = c.prepareStatement("SELECT customer_name FROM marts.customer_orders WHERE customer_id = ?")) {
      ResultSetMetaData md = p.getMetaData();
      assertTrue(md instanceof VenvResultSetMetaData);
      assertEquals("customer_name", md.getColumnLabel(1));
      assertEquals(Types.VARCHAR, md.getColumnType(1));
      assertEquals("", md.getTableName(1));
      assertEquals(1, p.getParameterMetaData().getParameterCount());
    }
  }
}
