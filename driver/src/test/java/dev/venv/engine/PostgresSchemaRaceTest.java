package dev.venv.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.venv.testing.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Creators of different environments build into one physical schema ({@code venv__<schema>}), each
 * making sure it exists first. On PostgreSQL two {@code CREATE SCHEMA IF NOT EXISTS} of one name at
 * once can fail one of them on the catalog's unique index (SQLState 23505): the schema is there,
 * which is all the creator wanted.
 */
class PostgresSchemaRaceTest {
  @RegisterExtension static final PostgresTestDatabase pg = PostgresTestDatabase.perClass();

  private static final int CREATORS = 6;
  private static final int SCHEMAS = 40;

  @Test
  void creatorsMakingOneSchemaAtOnceAllSucceed() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(CREATORS);
    try (Engine engine = Engine.forUrl(pg.url(), PostgresTestDatabase.ownerProperties())) {
      CyclicBarrier together = new CyclicBarrier(CREATORS);
      List<String> failures = new CopyOnWriteArrayList<>();
      List<Future<Void>> creators = new ArrayList<>();
      for (int i = 0; i < CREATORS; i++) {
        creators.add(threads.submit(() -> {
          // a connection of its own each, as each creator's build has (not the engine's budget)
          try (Connection c = PostgresTestDatabase.connect(pg.url())) {
            for (int n = 0; n < SCHEMAS; n++) {
              together.await(30, TimeUnit.SECONDS);
              try {
                engine.createSchema(c, "venv__race_" + n);
              } catch (SQLException e) {
                failures.add(e.getSQLState() + " " + e.getMessage());
              }
            }
          }
          return null;
        }));
      }
      for (Future<Void> creator : creators) {
        creator.get(2, TimeUnit.MINUTES);
      }
      assertEquals(List.of(), failures);
      try (Connection c = engine.open(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'venv\\_\\_race\\_%'")) {
        rs.next();
        assertEquals(SCHEMAS, rs.getInt(1));
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
