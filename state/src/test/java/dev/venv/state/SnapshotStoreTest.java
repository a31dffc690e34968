package dev.venv.state;

import static dev.venv.state.StateDatabase.fingerprint;
import static dev.venv.state.StateDatabase.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.state.StateDatabase.Backend;
import java.nio.file.Path;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Snapshots and physical objects: what is saved is what is read, and saving twice is harmless. */
class SnapshotStoreTest {
  @RegisterExtension static final PostgresTestDatabase pg = new PostgresTestDatabase();

  @TempDir Path dir;

  /** Every field set, with characters that quoting or splitting would mangle. */
  private static Snapshot full() {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("owner", "finance");
    metadata.put("description", "Revenue per customer — it's \"net\", ünïcode; a,b\nsecond line");
    metadata.put("tags", "[finance, daily]");
    metadata.put("grain", "(customer_id, day)");
    metadata.put("cron", "'@daily'");
    metadata.put("x_unknown", "");
    metadata.put("x_escapes", "a=b \\n c\\\\=\n= \\");
    String data = fingerprint("data full");
    return new Snapshot("analytics.customer_revenue", fingerprint("full"), data, fingerprint("meta full"),
        fingerprint("def full"), data.substring(0, 16), "FULL",
        PhysicalName.of("analytics", "customer_revenue", data.substring(0, 16)),
        "SELECT c.customer_id, SUM(o.amount) AS revenue -- 'quoted' ; comment\nFROM staging.orders AS o\n"
            + "JOIN raw.customers AS c USING (customer_id) GROUP BY 1",
        List.of("raw.customers_model", "staging.orders"), "models/analytics/customer_revenue.sql", metadata,
        Instant.parse("2024-05-06T07:08:09.123456Z"));
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void savedSnapshotsReadBackFieldForField(Backend backend) throws SQLException {
    try (StateDatabase db = StateDatabase.open(backend, dir, pg)) {
      StateStore store = db.migratedStore();
      Snapshot full = full();
      Snapshot seed = new Snapshot("raw.countries", fingerprint("seed"), fingerprint("seed data"),
          fingerprint("seed meta"), fingerprint("seed def"), fingerprint("seed data").substring(0, 16), "SEED",
          PhysicalName.of("raw", "countries", fingerprint("seed data").substring(0, 16)), "", List.of(),
          "models/raw/countries.sql", Map.of(), Instant.parse("1999-12-31T23:59:59Z"));
      Snapshot single = new Snapshot("staging.orders", fingerprint("one parent"), fingerprint("d1"),
          fingerprint("m1"), fingerprint("x1"), fingerprint("d1").substring(0, 16), "VIEW",
          PhysicalName.of("staging", "orders", fingerprint("d1").substring(0, 16)), "SELECT * FROM raw.countries",
          List.of("raw.countries"), "models/staging/orders.sql", Map.of("owner", "ops"),
          Instant.parse("2024-02-29T12:00:00.001Z"));

      store.write(tx -> {
        tx.saveSnapshots(List.of(full, seed, single));
        return null;
      });

      Map<SnapshotId, Snapshot> read = store.snapshots(List.of(full.id(), seed.id(), single.id(),
          new SnapshotId("s.never", fingerprint("never saved"))));
      assertEquals(Map.of(full.id(), full, seed.id(), seed, single.id(), single), read);
      assertEquals(full.metadata(), read.get(full.id()).metadata());
      assertEquals(full.createdAt(), read.get(full.id()).createdAt());

      db.reopen();
      assertEquals(read, db.store().snapshots(read.keySet()));
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void timestampsAreStoredAsUtcWhateverTheJvmZone(Backend backend) throws SQLException {
    TimeZone zone = TimeZone.getDefault();
    // Chatham is UTC+12:45 or +13:45: no whole-hour mistake can hide.
    TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Chatham"));
    try (StateDatabase db = StateDatabase.open(backend, dir, pg)) {
      StateStore store = db.migratedStore();
      Snapshot s = full();
      store.write(tx -> {
        tx.saveSnapshots(List.of(s));
        return null;
      });
      assertEquals(List.of("2024-05-06 07:08:09.123456"),
          db.rows("SELECT CAST(created_at AS VARCHAR) FROM venv_state.snapshots"));
      assertEquals(s.createdAt(), store.snapshots(List.of(s.id())).get(s.id()).createdAt());
    } finally {
      TimeZone.setDefault(zone);
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void savingAKnownSnapshotAgainLeavesItAsItWas(Backend backend) throws SQLException {
    try (StateDatabase db = StateDatabase.open(backend, dir, pg)) {
      StateStore store = db.migratedStore();
      Snapshot original = full();
      store.write(tx -> {
        tx.saveSnapshots(List.of(original));
        return null;
      });
      Map<String, Long> counts = db.counts();

      // Same fingerprint, other content: snapshots are immutable, the first record stands.
      Snapshot changed = new Snapshot(original.model(), original.fingerprint(), fingerprint("other"),
          fingerprint("other meta"), fingerprint("other def"), "0123456789abcdef", "VIEW",
          PhysicalName.of("analytics", "customer_revenue", "0123456789abcdef"), "SELECT 2", List.of("a.b"),
          "elsewhere.sql", Map.of("owner", "someone else", "new", "property"), Instant.now());
      store.write(tx -> {
        tx.saveSnapshots(List.of(original));
        tx.saveSnapshots(List.of(changed, changed));
        return null;
      });

      assertEquals(original, store.snapshots(List.of(original.id())).get(original.id()));
      assertEquals(counts, db.counts());
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aBatchWithNewAndKnownSnapshotsAddsTheNewOnes(Backend backend) throws SQLException {
    try (StateDatabase db = StateDatabase.open(backend, dir, pg)) {
      StateStore store = db.migratedStore();
      Snapshot a = snapshot("s.a", "1");
      Snapshot b = snapshot("s.b", "1");
      store.write(tx -> {
        tx.saveSnapshots(List.of(a));
        return null;
      });
      store.write(tx -> {
        tx.saveSnapshots(List.of(a, b, b));
        return null;
      });
      assertEquals(Map.of(a.id(), a, b.id(), b), store.snapshots(List.of(a.id(), b.id())));
      assertEquals(2, db.count("snapshots"));
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void twoModelsWithOneFingerprintAreTwoSnapshots(Backend backend) throws SQLException {
    try (StateDatabase db = StateDatabase.open(backend, dir, pg)) {
      StateStore store = db.migratedStore();
      Snapshot a = full();
      // t.b has s.a's query, so its fingerprint; its own name, table and metadata
      Snapshot b = new Snapshot("t.b", a.fingerprint(), a.dataFingerprint(), a.metadataFingerprint(),
          a.definitionFingerprint(), a.version(), a.kind(), PhysicalName.of("t", "b", a.version()), a.query(),
          a.parents(), "models/t/b.sql", Map.of("owner", "t's owner"), a.createdAt());
      store.write(tx -> {
        tx.saveSnapshots(List.of(a));
        return null;
      });
      store.write(tx -> {
        tx.saveSnapshots(List.of(b, a));
        return null;
      });

      assertEquals(Map.of(a.id(), a, b.id(), b), store.snapshots(List.of(a.id(), b.id())));
      assertEquals(Map.of(b.id(), b), store.snapshots(List.of(b.id())));
      assertEquals(Map.of(), store.snapshots(List.of(new SnapshotId("u.c", a.fingerprint()))));
      assertEquals(2, db.count("snapshots"));
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void manySnapshotsAreSavedAndReadInChunks(Backend backend) throws SQLException {
    try (StateDatabase db = StateDatabase.open(backend, dir, pg)) {
      StateStore store = db.migratedStore();
      List<Snapshot> many = new ArrayList<>();
      for (int i = 0; i < 1_201; i++) {
        Snapshot s = snapshot("s.m" + i, "v" + i);
        many.add(i % 2 == 0 ? s : new Snapshot(s.model(), s.fingerprint(), s.dataFingerprint(),
            s.metadataFingerprint(), s.definitionFingerprint(), s.version(), s.kind(), s.physical(), s.query(),
            List.of("s.m" + (i - 1)), s.modelPath(), Map.of("owner", "o" + i), s.createdAt()));
      }
      store.write(tx -> {
        tx.saveSnapshots(many);
        return null;
      });
      List<SnapshotId> ids = many.stream().map(Snapshot::id).toList();
      assertEquals(many.stream().collect(Collectors.toMap(Snapshot::id, Function.identity())), store.snapshots(ids));
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aSnapshotSavedWhileItIsReadComesWithItsMetadata(Backend backend) throws SQLException {
    try (StateDatabase db = StateDatabase.open(backend, dir, pg)) {
      db.migratedStore();
      Snapshot full = full();
      StateStore writer = db.store();
      // A reader whose connection lets another writer commit the snapshot just before the reader
      // asks for the snapshot rows: the interleaving of two processes, made deterministic.
      AtomicBoolean interleaved = new AtomicBoolean();
      StateStore reader = StateStore.jdbc(() -> beforeSnapshotRows(db.connect(), () -> {
        if (interleaved.compareAndSet(false, true)) {
          writer.write(tx -> {
            tx.saveSnapshots(List.of(full));
            return null;
          });
        }
      }), db.lock());

      Map<SnapshotId, Snapshot> read = reader.snapshots(List.of(full.id()));

      assertTrue(interleaved.get(), "the snapshot query was not recognised");
      // Either not there yet, or there whole: never a snapshot without its metadata.
      if (!read.isEmpty()) {
        assertEquals(full.metadata(), read.get(full.id()).metadata());
      }
    }
  }

  /** Runs {@code hook} on the connection's thread before it prepares the query of snapshot rows. */
  private static Connection beforeSnapshotRows(Connection connection, SqlHook hook) {
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          if (method.getName().equals("prepareStatement") && args[0] instanceof String sql
              && sql.contains("physical_schema") && sql.contains("FROM venv_state.snapshots")) {
            hook.run();
          }
          try {
            return method.invoke(connection, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  private interface SqlHook {
    void run() throws SQLException;
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void askingForNothingAnswersNothing(Backend backend) throws SQLException {
    try (StateDatabase db = StateDatabase.open(backend, dir, pg)) {
      StateStore store = db.migratedStore();
      assertEquals(Map.of(), store.snapshots(List.of()));
      assertEquals(Map.of(), store.snapshots(List.of(new SnapshotId("s.unknown", fingerprint("unknown")))));
      assertEquals(Set.of(), store.built(List.of()));
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void markedObjectsAreBuiltAndMarkingAgainChangesNothing(Backend backend) throws SQLException {
    try (StateDatabase db = StateDatabase.open(backend, dir, pg)) {
      StateStore store = db.migratedStore();
      PhysicalName orders = PhysicalName.of("staging", "orders", "00112233aabbccdd");
      PhysicalName revenue = PhysicalName.of("analytics", "revenue", "0011223344556677");
      // Same table name in another schema: not built.
      PhysicalName elsewhere = new PhysicalName("venv__other", orders.table());
      Instant first = Instant.parse("2024-03-04T05:06:07.891Z");
      PhysicalObject built = new PhysicalObject(orders, "staging.orders", "00112233aabbccdd", "TABLE", first);

      assertEquals(Set.of(), store.built(List.of(orders, revenue, elsewhere)));
      store.write(tx -> {
        tx.markBuilt(built);
        return null;
      });
      assertEquals(Set.of(orders), store.built(List.of(orders, revenue, elsewhere)));

      store.write(tx -> {
        tx.markBuilt(built);
        tx.markBuilt(new PhysicalObject(orders, "staging.orders", "00112233aabbccdd", "TABLE",
            first.plus(1, ChronoUnit.HOURS)));
        tx.markBuilt(new PhysicalObject(revenue, "analytics.revenue", "0011223344556677", "VIEW", first));
        return null;
      });

      assertEquals(Set.of(orders, revenue), store.built(List.of(orders, revenue, elsewhere)));
      assertEquals(List.of("venv__analytics|analytics__revenue__0011223344556677|analytics.revenue|0011223344556677"
              + "|VIEW|2024-03-04 05:06:07.891",
              "venv__staging|staging__orders__00112233aabbccdd|staging.orders|00112233aabbccdd|TABLE"
                  + "|2024-03-04 05:06:07.891"),
          db.rows("SELECT physical_schema, physical_table, model, version, object_type, CAST(built_at AS VARCHAR)"
              + " FROM venv_state.physical_objects ORDER BY physical_schema"));
    }
  }
}
