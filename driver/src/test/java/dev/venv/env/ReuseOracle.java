package dev.venv.env;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.venv.model.ModelRepository;
import dev.venv.sql.SqlDialect;
import dev.venv.testing.ModelRepositories;
import dev.venv.testing.Rows;
import dev.venv.testing.Warehouse;
import dev.venv.testing.Warehouse.Backend;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Issue 9's oracle, shared by {@link ReuseOracleTest} (hand-written cases) and
 * {@link ChangeCategoriesFuzzTest} (generated ones): prod from one repository, then from a changed
 * one a dev planned the automatic way and "everything" with {@code --breaking-all}; every model
 * must read the same rows in both.
 */
final class ReuseOracle {
  private ReuseOracle() {}

  /** What a failing comparison prints besides the plan: how to replay the case. */
  static final Supplier<String> NO_CONTEXT = () -> "";

  /**
   * Compares dev with everything in a new warehouse under {@code dir}. When {@code --breaking-all}
   * fails (a rebuild cannot read the change: a column gone), the automatic way must fail too, unless
   * {@code rebuildMayFail} is false: then the case tests nothing and fails.
   *
   * @param withColumnNames compare each model's column labels too (a reused {@code SELECT *} keeps
   *                        the names its parent had)
   * @return what happened: the dev plan compared, or short of a comparison, why: prod failed to build
   *         (only when {@code prodMayFail}), or --breaking-all did (and the automatic way too)
   */
  static Outcome compare(Backend backend, Path dir, Path base, Path changed, boolean rebuildMayFail,
      boolean prodMayFail, boolean withColumnNames, Supplier<String> context) throws Exception {
    try (Warehouse w = Warehouse.open(backend, dir); Environments environments = w.environments()) {
      try {
        environments.create(ModelRepository.load(base, dialect(backend)), "prod", "prod", null);
      } catch (Exception prodFails) {
        if (prodMayFail) {
          String message = prodFails.getMessage() + (prodFails.getCause() != null ? " / " + prodFails.getCause().getMessage() : "");
          return new Outcome("prod fails: " + message, null);
        }
        throw prodFails;
      }
      Plan all;
      try {
        all = environments.create(ModelRepository.load(changed, dialect(backend)), "everything", "prod", null,
            new BreakingOverrides(true, Set.of())).plan();
      } catch (Exception rebuildFails) {
        if (!rebuildMayFail) {
          throw new AssertionError("--breaking-all fails: the case tests nothing" + context.get(), rebuildFails);
        }
        // a rebuild cannot read the change (a column gone): the automatic way must not reuse past it
        assertThrows(Exception.class, () -> environments.create(ModelRepository.load(changed, dialect(backend)), "dev",
            "prod", null), () -> "--breaking-all fails (" + rebuildFails.getMessage() + "), so reusing is a guess"
            + context.get());
        return new Outcome("--breaking-all fails: " + rebuildFails.getMessage(), null);
      }
      Plan dev;
      try {
        dev = environments.create(ModelRepository.load(changed, dialect(backend)), "dev", "prod", null).plan();
      } catch (Exception devFails) {
        throw new AssertionError("--breaking-all builds, the automatic way fails" + context.get(), devFails);
      }
      Plan devPlan = dev;
      assertEquals(rows(w, "everything", all.snapshots().keySet(), withColumnNames),
          rows(w, "dev", dev.snapshots().keySet(), withColumnNames), () -> describe(devPlan) + context.get());
      return new Outcome(null, dev);
    }
  }

  /** A comparison's result: {@code dev} compared, or why nothing was ({@code notCompared}). */
  record Outcome(String notCompared, Plan dev) {}

  /** Each model's rows through {@code jdbc:venv:env:}, sorted, after its column labels if asked. */
  private static Map<String, List<String>> rows(Warehouse w, String env, Collection<String> models,
      boolean withColumnNames) throws Exception {
    if (!withColumnNames) {
      return w.sortedRows(env, models);
    }
    Map<String, List<String>> rows = new TreeMap<>();
    try (Connection c = w.connectThroughVenv(env, null); Statement s = c.createStatement()) {
      for (String model : models) {
        List<String> sorted;
        try (ResultSet rs = s.executeQuery("SELECT * FROM " + model)) {
          StringBuilder labels = new StringBuilder("columns:");
          for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            labels.append(i > 1 ? "|" : "").append(rs.getMetaData().getColumnLabel(i));
          }
          sorted = new ArrayList<>(Rows.of(rs));
          sorted.sort(null);
          sorted.add(0, labels.toString());
        } catch (java.sql.SQLException e) {
          // a VIEW whose query fails when read (a cast out of range): the other must fail alike
          sorted = List.of("read fails");
        }
        rows.put(model, sorted);
      }
    }
    return rows;
  }

  /** The repository as venv loads it for the backend (seeds are profiled as that backend loads them). */
  static SqlDialect dialect(Backend backend) {
    return backend == Backend.DUCKDB ? SqlDialect.DUCKDB : SqlDialect.POSTGRES;
  }

  static String describe(Plan plan) {
    StringBuilder b = new StringBuilder("the automatic plan: ");
    plan.changes().forEach(c -> b.append('\n').append(c.model()).append(": ")
        .append(c.reason() == null ? c.category() : c.reason().describe(!Objects.equals(c.previousPhysical(), c.physical()))));
    return b.toString();
  }

  /** A repository in {@code root}: seed {@code raw.t} from {@code seedCsv}, then each model of its kind. */
  static Path repository(Path root, String seedCsv, Map<String, String> queries, Map<String, String> kinds) {
    ModelRepositories.write(root.resolve("seeds/t.csv"), seedCsv);
    ModelRepositories.write(root.resolve("models/raw/t.sql"),
        "MODEL (name raw.t, kind SEED (path '../../seeds/t.csv'));\n");
    queries.forEach((model, query) -> ModelRepositories.write(
        root.resolve("models/" + model.replace('.', '/') + ".sql"),
        "MODEL (name " + model + ", kind " + kinds.getOrDefault(model, "FULL") + ");\n" + query + "\n"));
    return root.resolve("models");
  }
}
