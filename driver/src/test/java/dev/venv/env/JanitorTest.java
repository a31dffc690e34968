package dev.venv.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.model.ModelRepository;
import dev.venv.testing.ModelRepositories;
import dev.venv.testing.Warehouse;
import dev.venv.testing.Warehouse.Backend;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The janitor on DuckDB and PostgreSQL: what it removes, and what it must leave. */
class JanitorTest {
  @TempDir Path dir;

  /** Names read from the catalog go back into SQL quoted, a {@code "} doubled. */
  @ParameterizedTest
  @EnumSource(Backend.class)
  void debrisWhoseNameHoldsAQuoteIsRemoved(Backend backend) throws Exception {
    try (Warehouse w = Warehouse.open(backend, dir); Environments environments = w.environments()) {
      environments.create(ModelRepository.load(ModelRepositories.copyShop(dir.resolve("prod")),
          environments.engine().dialect()), "prod", "prod", null);
      TreeSet<String> prod = w.physicalObjects();
      try (Connection c = w.connect(); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE \"venv__marts\".\"odd\"\"name\" (x INT)");
        s.execute("CREATE VIEW \"venv__marts\".\"v\"\"; DROP TABLE x; --\" AS SELECT 1 AS x");
        s.execute("CREATE SCHEMA \"venv__we\"\"ird\"");
        s.execute("CREATE TABLE \"venv__we\"\"ird\".\"t\" (x INT)");
      }

      Janitor.Report report = environments.janitor().run(false, true);

      assertEquals(List.of(), report.failed());
      assertEquals(List.of("venv__marts.odd\"name", "venv__marts.v\"; DROP TABLE x; --", "venv__we\"ird.t"),
          report.removed().stream().map(Janitor.Action::object).sorted().toList());
      assertEquals(prod, w.physicalObjects(), "the debris is gone, prod's objects stay");
      assertFalse(environments.environment("prod").isEmpty());
      assertTrue(environments.janitor().run(false, true).removed().isEmpty(), "nothing left to remove");
    }
  }
}
