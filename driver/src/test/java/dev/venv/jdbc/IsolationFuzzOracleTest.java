package dev.venv.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.jdbc.FuzzStep.Connect;
import dev.venv.jdbc.FuzzStep.Create;
import dev.venv.jdbc.FuzzStep.Effect;
import dev.venv.jdbc.FuzzStep.Raw;
import dev.venv.jdbc.FuzzStep.Read;
import dev.venv.jdbc.FuzzStep.ReadVia;
import dev.venv.jdbc.FuzzStep.Ref;
import dev.venv.jdbc.FuzzStep.Shape;
import dev.venv.jdbc.FuzzStep.Target;
import dev.venv.jdbc.FuzzStep.Write;
import dev.venv.jdbc.FuzzStep.WriteVia;
import dev.venv.jdbc.FuzzWorld.Repo;
import dev.venv.jdbc.FuzzWorld.Variant;
import dev.venv.jdbc.IsolationFuzzer.Violation;
import dev.venv.testing.PostgresTestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The isolation fuzzer's oracle checked against hand-written scenarios: the rows it expects are
 * the ones worked out here by hand, and a change it must notice (a raw write, wrong rows, a write
 * that runs) is reported. These hold whatever the driver does, so they pass before and after
 * issue 7 is fixed.
 */
class IsolationFuzzOracleTest {
  private static final Repo R1 = repo(Map.of("sales.orders", 1, "sales.items", 1, "marts.summary", 1, "sales.legacy", 1));
  private static final Repo R2 = repo(Map.of("sales.orders", 2, "sales.items", 1, "marts.summary", 1, "marts.fresh", 1));

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"duckdb", "postgresql"})
  void expectationsFollowEachConnectionsPinnedSnapshots(String backend) throws Exception {
    try (FuzzBackend db = open(backend)) {
      IsolationFuzzer fuzzer = new IsolationFuzzer(db, dir, Set.of());
      try {
        fuzzer.replay(List.of(
            new Create("prod", R1),
            new Create("dev", R2),
            new Connect(0, "prod", false, null, false, null),
            new Connect(1, "dev", false, null, false, null),
            new Create("dev", R1), // dev moves on; slot 1 keeps R2
            new Connect(2, "dev", true, null, false, null)));
        String summaryR1 = "rows [sales.orders#v1>marts.summary#v1|2]";
        String summaryR2 = "rows [sales.orders#v2>marts.summary#v1|3]";
        assertEquals(Set.of(summaryR1), fuzzer.expected(read(0, new Ref.Model("marts.summary"))));
        assertEquals(Set.of(summaryR2), fuzzer.expected(read(1, new Ref.Model("marts.summary"))));
        assertEquals(Set.of(summaryR1), fuzzer.expected(read(2, new Ref.Model("marts.summary"))));
        assertEquals(Set.of("refused 42P01"), fuzzer.expected(read(1, new Ref.Model("sales.legacy"))),
            "slot 1 pinned dev without sales.legacy, whatever dev holds now");
        assertEquals(Set.of("rows [sales.legacy#v1|1]"), fuzzer.expected(read(2, new Ref.Model("sales.legacy"))));
        assertEquals(Set.of("rows [sales.orders#v2|2]", "refused 42P01"),
            fuzzer.expected(read(1, new Ref.View("sales.orders", "dev"))), "its own view schema: routed or refused");
        assertEquals(Set.of("refused 42P01"), fuzzer.expected(read(1, new Ref.View("sales.orders", "pr_1"))));
        assertEquals(Set.of("refused 42P01"), fuzzer.expected(read(1, new Ref.Bare("orders"))),
            "no session schema: a bare name is nobody's");
        assertEquals(Set.of("rows [scratch.orders#0|0]"), fuzzer.expected(read(1, new Ref.Scratch("orders"))));
        assertEquals(Set.of("rows [sales.orders#v2+sales.orders#v2>marts.summary#v1|5]"), fuzzer.expected(
            new Read(1, "-", Shape.JOIN, List.of(new Ref.Model("sales.orders"), new Ref.Model("marts.summary")),
                ReadVia.EXECUTE_QUERY)));
        assertEquals(Set.of("rows []"), fuzzer.expected(
            new Read(1, "-", Shape.SEMI, List.of(new Ref.Model("sales.orders"), new Ref.Model("marts.summary")),
                ReadVia.EXECUTE_QUERY)), "orders' n (2) is not among summary's (3)");
        assertEquals(Set.of("refused 42501"), fuzzer.expected(write(1, new Ref.Model("sales.orders"))));
        assertEquals(Set.of("refused 42501"), fuzzer.expected(write(1, new Ref.Model("sales.legacy"))),
            "a model the connection does not hold, but others do: refused all the same");
        assertEquals(Set.of("refused 42501", "refused 42P01", "refused 3F000"),
            fuzzer.expected(write(1, new Ref.Model("lab.probe"))), "nobody's model: refused, or missing");
        assertEquals(Set.of("ok"), fuzzer.expected(write(1, new Ref.Scratch("notes"))));

        // the janitor drops R2's sales.orders (no environment holds it): slot 1 may now fail with 42P01
        fuzzer.replay(List.of(new FuzzStep.Janitor()));
        assertEquals(Set.of("rows [sales.orders#v2|2]", "refused 42P01"), fuzzer.expected(read(1, new Ref.Model("sales.orders"))));
        assertEquals(Set.of(summaryR1), fuzzer.expected(read(0, new Ref.Model("marts.summary"))));

        // and the driver agrees where today's code and the contract agree: qualified names read the pinned set
        fuzzer.replay(List.of(
            new Read(0, "SELECT tag, n FROM marts.summary", Shape.ONE, List.of(new Ref.Model("marts.summary")),
                ReadVia.EXECUTE_QUERY),
            new Read(2, "SELECT tag, n FROM \"sales\".\"legacy\"", Shape.ONE, List.of(new Ref.Model("sales.legacy")),
                ReadVia.PREPARED),
            new Write(1, "DELETE FROM sales.orders", new Target.Of(new Ref.Model("sales.orders")), Effect.NONE,
                WriteVia.EXECUTE)));
        assertTrue(fuzzer.log().get(fuzzer.log().size() - 3).contains("=> " + summaryR1), fuzzer.log().toString());
      } finally {
        fuzzer.closeAll();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"duckdb", "postgresql"})
  void theDigestNoticesEveryChangeToVenvsObjectsButNotTheUsers(String backend) throws Exception {
    List<String> changes = List.of(
        "UPDATE {physical:sales.orders@prod} SET n = 99",
        "COMMENT ON TABLE {physical:sales.orders@prod} IS 'x'",
        "ALTER TABLE {physical:sales.orders@prod} ADD COLUMN x INTEGER",
        "CREATE TABLE sales.mine (x INTEGER)",
        "CREATE VIEW sales__dev.mine AS SELECT 1 AS x",
        "DROP VIEW sales.legacy",
        "CREATE OR REPLACE VIEW sales__dev.orders AS SELECT 'x' AS tag, 1 AS n",
        "UPDATE venv_state.environments SET ttl_seconds = 1");
    try (FuzzBackend db = open(backend)) {
      IsolationFuzzer fuzzer = new IsolationFuzzer(db, dir, Set.of());
      try {
        fuzzer.replay(List.of(new Create("prod", R1), new Create("dev", R2), new Connect(0, "dev", false, null, false, null),
            new Raw("INSERT INTO scratch.notes VALUES ('mine', 1)"),
            new Raw("CREATE TABLE scratch.mine (x INTEGER)")));
        for (String change : changes) {
          // each violation leaves the digest's baseline at the changed state: the next change is new again
          Violation v = assertThrows(Violation.class, () -> fuzzer.replay(List.of(new Raw(change))), change);
          assertEquals("digest", v.kind, v.getMessage());
        }
      } finally {
        fuzzer.closeAll();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"duckdb", "postgresql"})
  void wrongRowsAndAWriteThatRunsAreViolations(String backend) throws Exception {
    try (FuzzBackend db = open(backend)) {
      IsolationFuzzer fuzzer = new IsolationFuzzer(db, dir, Set.of());
      try {
        fuzzer.replay(List.of(new Create("prod", R1), new Connect(0, "prod", false, null, false, null)));
        Violation wrongRows = assertThrows(Violation.class, () -> fuzzer.replay(List.of(new Read(0,
            "SELECT tag, n FROM sales.legacy", Shape.ONE, List.of(new Ref.Model("sales.orders")), ReadVia.EXECUTE_QUERY))));
        assertEquals("read-model", wrongRows.kind);
        assertTrue(wrongRows.getMessage().contains("actual: rows [sales.legacy#v1|1]"), wrongRows.getMessage());
        Violation ran = assertThrows(Violation.class, () -> fuzzer.replay(List.of(write(0, new Ref.Model("sales.orders")))));
        assertEquals("write-model", ran.kind);
        assertTrue(ran.getMessage().contains("actual: ok"), ran.getMessage());
      } finally {
        fuzzer.closeAll();
      }
    }
  }

  /** A write the oracle takes for one on {@code ref}; the SQL writes the user's own table, so it runs. */
  private static Write write(int slot, Ref ref) {
    return new Write(slot, "INSERT INTO scratch.notes (tag, n) VALUES ('x', 1)", new Target.Of(ref),
        new Effect("insert", 1), WriteVia.EXECUTE);
  }

  private static Read read(int slot, Ref ref) {
    return new Read(slot, "-", Shape.ONE, List.of(ref), ReadVia.EXECUTE_QUERY);
  }

  private static Repo repo(Map<String, Integer> variants) {
    TreeMap<String, Variant> models = new TreeMap<>();
    variants.forEach((model, k) -> models.put(model, new Variant(k, 1)));
    return new Repo(models);
  }

  private FuzzBackend open(String backend) throws Exception {
    Files.createDirectories(dir);
    if (backend.equals("postgresql")) {
      PostgresTestDatabase.assumeAvailable();
      return FuzzBackend.postgres();
    }
    return FuzzBackend.duckdb(dir);
  }
}
