package dev.venv.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.testing.ModelRepositories;
import dev.venv.testing.PostgresTestDatabase;
import dev.venv.testing.Rows;
import dev.venv.testing.Warehouse;
import dev.venv.testing.Warehouse.Backend;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One runtime per driver instance and per data source (issue 8): nothing mutable is static, two
 * data sources share nothing, and closing one leaves no thread behind.
 */
class VenvRuntimeTest {
  /** The statics kept on purpose: DuckDB opens a file once per process (see the class). */
  private static final Set<String> INTENDED = Set.of("dev.venv.engine.DuckDbFileLocks.BY_FILE");

  @RegisterExtension static final PostgresTestDatabase pg = PostgresTestDatabase.perClass();

  @TempDir Path dir;

  @Test
  void noMutableStaticFieldInDriverOrState() throws Exception {
    List<String> mutable = new ArrayList<>();
    for (Class<?> anchor : List.of(VenvDriver.class, dev.venv.state.Environment.class)) {
      for (String name : classNames(anchor)) {
        Class<?> c = Class.forName(name, true, anchor.getClassLoader());
        for (Field f : c.getDeclaredFields()) {
          if (!Modifier.isStatic(f.getModifiers()) || f.isSynthetic() || f.isEnumConstant()) {
            continue;
          }
          String where = c.getName() + "." + f.getName();
          if (INTENDED.contains(where)) {
            continue;
          }
          if (!Modifier.isFinal(f.getModifiers())) {
            mutable.add(where + " (not final)");
            continue;
          }
          f.setAccessible(true);
          String why = mutableValue(f.get(null), Modifier.isPrivate(f.getModifiers()));
          if (why != null) {
            mutable.add(where + " (" + why + ")");
          }
        }
      }
    }
    assertEquals(List.of(), mutable, "static state belongs in a runtime (VenvRuntime, Backends)");
  }

  /**
   * Why a static final field's value can change, or null. A private array is a lookup table of
   * its class's own (the lexer's character classes), filled by its initializer and only read:
   * the hot path reads arrays faster than lists.
   */
  private static String mutableValue(Object value, boolean isPrivate) {
    if (value == null) {
      return null;
    }
    String type = value.getClass().getName();
    if (value instanceof Collection<?> || value instanceof Map<?, ?>) {
      boolean fixed = type.contains("Immutable") || type.contains("Unmodifiable") || type.contains("Empty")
          || type.contains("Singleton");
      return fixed ? null : "a modifiable " + value.getClass().getSimpleName();
    }
    if (value.getClass().isArray()) {
      return isPrivate || java.lang.reflect.Array.getLength(value) == 0 ? null : "an array that is not private";
    }
    if (type.startsWith("java.util.concurrent.") || type.startsWith("com.github.benmanes.caffeine.")) {
      return "a " + value.getClass().getSimpleName();
    }
    return null;
  }

  private static TreeSet<String> classNames(Class<?> anchor) throws IOException, URISyntaxException {
    Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
    TreeSet<String> names = new TreeSet<>();
    if (Files.isDirectory(location)) {
      try (Stream<Path> files = Files.walk(location)) {
        files.filter(p -> p.toString().endsWith(".class"))
            .forEach(p -> names.add(className(location.relativize(p).toString().replace('\\', '/'))));
      }
    } else {
      try (JarFile jar = new JarFile(location.toFile())) {
        jar.stream().filter(e -> e.getName().endsWith(".class") && e.getName().startsWith("dev/venv/"))
            .forEach(e -> names.add(className(e.getName())));
      }
    }
    names.removeIf(n -> n.endsWith("module-info") || n.endsWith("package-info"));
    return names;
  }

  private static String className(String path) {
    return path.substring(0, path.length() - ".class".length()).replace('/', '.');
  }

  @Test
  void twoDataSourcesOnTwoFilesShareNothingAndClosingOneLeavesTheOther() throws Exception {
    Path models = ModelRepositories.copyShop(dir);
    try (VenvDataSource a = dataSource("jdbc:venv:prod:duckdb:" + dir.resolve("a.db"), models);
        VenvDataSource b = dataSource("jdbc:venv:prod:duckdb:" + dir.resolve("b.db"), models)) {
      Connection fromB = b.getConnection();
      try (Connection fromA = a.getConnection()) {
        assertEquals(Rows.of(fromA, "SELECT count(*) FROM marts.customer_orders"),
            Rows.of(fromB, "SELECT count(*) FROM marts.customer_orders"));
      }
      a.close();
      SQLException closed = assertThrows(SQLException.class, a::getConnection);
      assertEquals("08003", closed.getSQLState(), closed.getMessage());
      assertFalse(Rows.of(fromB, "SELECT count(*) FROM marts.customer_orders").isEmpty(), "b is a's no more");
      fromB.close();
      try (Connection again = b.getConnection()) {
        assertTrue(again.isValid(1));
      }
    }
  }

  @Test
  void closingAPostgresDataSourceLeavesNoThread() throws Exception {
    Path models = ModelRepositories.copyShop(dir);
    String url = "jdbc:venv:prod:" + pg.url().substring("jdbc:".length());
    Set<Thread> before = Thread.getAllStackTraces().keySet(); // other tests' pools may be running
    Set<Thread> ours;
    try (VenvDataSource source = dataSource(url, models)) {
      PostgresTestDatabase.ownerProperties().forEach((k, v) -> source.setProperty((String) k, (String) v));
      try (Connection c = source.getConnection()) {
        assertFalse(Rows.of(c, "SELECT * FROM marts.customer_orders").isEmpty());
      }
      ours = new java.util.HashSet<>(Thread.getAllStackTraces().keySet());
      ours.removeAll(before);
      ours.removeIf(t -> !t.getName().startsWith("venv-"));
      assertFalse(ours.isEmpty(), "the pool's housekeeper runs while the data source is open");
    }
    for (Thread t : ours) {
      t.join(5_000); // Hikari's housekeeper ends when its pool closes: wait for it, not a fixed time
      assertFalse(t.isAlive(), t.getName() + " outlived the data source's close()");
    }
  }

  // Found by the review of issue 8: every distinct ApplicationName made a pool of venv's own, and
  // held server sessions, until the server ran out; and the client's options shaped venv's sessions.
  @Test
  void aClientsSessionSettingsAreItsOwnAndShareOnePoolOfVenvs() throws Exception {
    Path models = ModelRepositories.copyShop(dir);
    String url = "jdbc:venv:prod:" + pg.url().substring("jdbc:".length());
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    try (VenvDataSource source = dataSource(url, models)) {
      PostgresTestDatabase.ownerProperties().forEach((k, v) -> source.setProperty((String) k, (String) v));
      for (int i = 0; i < 5; i++) {
        source.setProperty("ApplicationName", "report-" + i);
        try (Connection c = source.getConnection()) {
          assertEquals(List.of("report-" + i), Rows.of(c, "SHOW application_name"), "the client's session has it");
        }
      }
      Set<String> pools = new TreeSet<>();
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        if (!before.contains(t) && t.getName().startsWith("venv-") && t.getName().endsWith("housekeeper")) {
          pools.add(t.getName());
        }
      }
      assertEquals(1, pools.size(), "one pool of venv's own for one database and role: " + pools);
    }
    try (VenvDataSource readOnlySessions = dataSource(url, models)) {
      PostgresTestDatabase.ownerProperties().forEach((k, v) -> readOnlySessions.setProperty((String) k, (String) v));
      readOnlySessions.setProperty("options", "-c default_transaction_read_only=on");
      try (Connection c = readOnlySessions.getConnection()) {
        assertEquals(List.of("on"), Rows.of(c, "SHOW default_transaction_read_only"), "the client's session has it");
        assertFalse(Rows.of(c, "SELECT * FROM marts.customer_orders").isEmpty());
      }
    }
  }

  // Found by the second review of issue 8: connections outlived their data source (and DuckDB's file with them).
  @Test
  void closingADataSourceClosesItsConnections() throws Exception {
    Path models = ModelRepositories.copyShop(dir);
    VenvDataSource source = dataSource("jdbc:venv:prod:duckdb:" + dir.resolve("w.db"), models);
    Connection open = source.getConnection();
    Connection closedBefore = source.getConnection();
    closedBefore.close();
    source.close();
    assertTrue(open.isClosed(), "closed with its data source");
    SQLException e = assertThrows(SQLException.class, open::createStatement);
    assertEquals("08003", e.getSQLState());
    try (Connection raw = java.sql.DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("w.db"))) {
      assertTrue(raw.isValid(1), "the file is free again");
    }
  }

  // The same as closingADataSourceClosesItsConnections, on PostgreSQL: a closed connection routes nothing either.
  @Test
  void closingAPostgresDataSourceClosesItsConnections() throws Exception {
    Path models = ModelRepositories.copyShop(dir);
    VenvDataSource source = dataSource("jdbc:venv:prod:" + pg.url().substring("jdbc:".length()), models);
    PostgresTestDatabase.ownerProperties().forEach((k, v) -> source.setProperty((String) k, (String) v));
    Connection open = source.getConnection();
    source.close();
    assertTrue(open.isClosed(), "closed with its data source");
    SQLException e = assertThrows(SQLException.class, () -> open.nativeSQL("SELECT * FROM marts.customer_orders"));
    assertEquals("08003", e.getSQLState());
  }

  /**
   * Two runtimes on one database: what one changes, the other's next connect reads. On DuckDB the
   * connect asks no state version of the database: the runtimes' writes count where both look.
   */
  @ParameterizedTest
  @EnumSource(Backend.class)
  void aChangeMadeThroughOneDataSourceIsReadByTheNextConnectOfAnother(Backend backend) throws Exception {
    Path models = ModelRepositories.copyShop(dir.resolve("models"));
    String orders = "SELECT order_count FROM marts.customer_orders ORDER BY customer_id";
    try (Warehouse warehouse = Warehouse.open(backend, dir)) {
      String url = "jdbc:venv:dev:" + warehouse.url().substring("jdbc:".length());
      try (VenvDataSource reader = dataSource(url, models, warehouse);
          VenvDataSource writer = dataSource(url, models, warehouse)) {
        writer.setProperty("refresh", "auto");
        // held open, as a pool holds its connections: the reader's runtime keeps what it learnt
        Connection held = reader.getConnection();
        List<String> before = Rows.of(held, orders);
        ModelRepositories.edit(models.resolve("marts/customer_orders.sql"),
            "COUNT(v.order_id)  ", "COUNT(v.order_id) + 100");
        writer.getConnection().close(); // refresh=auto: dev now holds the edited model

        try (Connection c = reader.getConnection()) {
          List<String> after = Rows.of(c, orders);
          assertEquals(before.size(), after.size());
          for (int i = 0; i < before.size(); i++) {
            assertEquals(Long.parseLong(before.get(i)) + 100, Long.parseLong(after.get(i)), "row " + i);
          }
        }
        held.close();
      }
    }
  }

  private static VenvDataSource dataSource(String url, Path models, Warehouse warehouse) {
    VenvDataSource source = dataSource(url, models);
    warehouse.credentials().forEach((key, value) -> source.setProperty((String) key, (String) value));
    return source;
  }

  private static VenvDataSource dataSource(String url, Path models) {
    VenvDataSource source = new VenvDataSource();
    source.setUrl(url);
    source.setModels(models.toString());
    return source;
  }
}
