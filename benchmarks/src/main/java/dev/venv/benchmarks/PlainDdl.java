package dev.venv.benchmarks;

import dev.venv.model.ModelDefinition;
import dev.venv.model.ModelKind;
import dev.venv.model.ModelRepository;
import dev.venv.sql.ModelReferenceRewriter;
import dev.venv.sql.SqlDialect;
import java.util.ArrayList;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The DDL venv runs, run without venv: plain JDBC statements, the baselines of the scale
 * benchmarks (DuckDB) and of the full copy in {@link PeersCreateBenchmark} (DuckDB and
 * PostgreSQL). The model queries come from {@link ModelRepository} as written; they name their
 * parents {@code schema.table}, so wherever an object of that name exists they run unchanged.
 */
final class PlainDdl {
  private PlainDdl() {}

  /** The two figures of {@link #firstBuild}: the objects alone, and everything with the commit. */
  record FirstBuildTimes(long objectsNanos, long totalNanos) {}

  /**
   * What venv's first build of prod creates, on a fresh database, in one transaction: a {@code
   * CREATE SCHEMA} per model schema, then per model, parents first, {@code CREATE TABLE
   * schema.table AS <query>} (FULL) or {@code CREATE VIEW ... AS <query>} (VIEW) under the model's
   * own name, so that its query runs as written; then the environment's views, a {@code CREATE
   * SCHEMA schema__prod} per schema and a {@code CREATE VIEW schema__prod.table AS SELECT * FROM
   * schema.table} per model, as venv makes a physical object and a view of it per model. Then the
   * commit.
   *
   * @return the time until the last object's DDL returned, and the time until the commit did
   */
  static FirstBuildTimes firstBuild(Connection c, ModelRepository repository) throws SQLException {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      long start = System.nanoTime();
      Set<String> schemas = new HashSet<>();
      Map<String, String> objects = new LinkedHashMap<>();
      for (String name : repository.graph().dependencyOrder()) {
        ModelDefinition model = repository.model(name);
        if (schemas.add(model.schema())) {
          s.execute("CREATE SCHEMA " + quote(model.schema()));
        }
        String object = quote(model.schema()) + "." + quote(model.table());
        s.execute((model.kind() == ModelKind.VIEW ? "CREATE VIEW " : "CREATE TABLE ") + object + " AS "
            + model.query());
        objects.put(name, object);
      }
      long objectsDone = System.nanoTime();
      environmentViews(s, "prod", objects);
      c.commit();
      return new FirstBuildTimes(objectsDone - start, System.nanoTime() - start);
    }
  }

  /**
   * An environment's views: per model schema a {@code CREATE SCHEMA schema__<suffix>}, and per
   * model a {@code CREATE VIEW schema__<suffix>.table AS SELECT * FROM <object>}, the same query
   * venv gives an environment's view.
   *
   * @param objects model name → the object its view reads, quoted
   */
  static void environmentViews(Statement s, String suffix, Map<String, String> objects) throws SQLException {
    Set<String> schemas = new HashSet<>();
    for (Map.Entry<String, String> e : objects.entrySet()) {
      int dot = e.getKey().indexOf('.');
      String schema = quote(e.getKey().substring(0, dot) + "__" + suffix);
      if (schemas.add(schema)) {
        s.execute("CREATE SCHEMA " + schema);
      }
      s.execute("CREATE VIEW " + schema + "." + quote(e.getKey().substring(dot + 1)) + " AS SELECT * FROM "
          + e.getValue());
    }
  }

  /**
   * Builds {@code models} anew, as a changed model is built: a {@code CREATE SCHEMA} of {@code
   * schema}, then per model {@code CREATE TABLE schema."<model schema>__<table>" AS <query>} (or
   * {@code CREATE VIEW}). The queries run as written, so their parents are read by their model
   * names: through the views of the environment whose views have those names (prod's), one view
   * more than venv's build reads, which reads the parents' physical objects.
   *
   * @param models changed models nothing else reads, so nothing else needs building
   * @return model name → the new object, quoted
   */
  static Map<String, String> rebuild(Statement s, String schema, ModelRepository repository, List<String> models)
      throws SQLException {
    s.execute("CREATE SCHEMA " + quote(schema));
    Map<String, String> objects = new LinkedHashMap<>();
    for (String name : models) {
      ModelDefinition model = repository.model(name);
      String object = quote(schema) + "." + quote(model.schema() + "__" + model.table());
      s.execute((model.kind() == ModelKind.VIEW ? "CREATE VIEW " : "CREATE TABLE ") + object + " AS "
          + model.query());
      objects.put(name, object);
    }
    return objects;
  }

  /**
   * The full copy teams make without virtual environments, as statements to run in order: every
   * model rebuilt under {@code <schema>__<suffix>}, parents first, a {@code CREATE SCHEMA} per
   * schema and a {@code CREATE TABLE ... AS} (or {@code CREATE VIEW}) per model whose query reads
   * the copy's own parents (its model references spliced to them by venv's rewriter, so only the
   * names change). Made before the timing: the DDL is what a copy costs.
   */
  static List<String> fullCopy(ModelRepository repository, String suffix, SqlDialect dialect) {
    Map<String, String> objects = new LinkedHashMap<>();
    for (String name : repository.graph().dependencyOrder()) {
      ModelDefinition model = repository.model(name);
      objects.put(name, quote(model.schema() + "__" + suffix) + "." + quote(model.table()));
    }
    ModelReferenceRewriter toCopy = ModelReferenceRewriter.of(objects, dialect);
    List<String> ddl = new ArrayList<>();
    Set<String> schemas = new HashSet<>();
    for (Map.Entry<String, String> e : objects.entrySet()) {
      ModelDefinition model = repository.model(e.getKey());
      if (schemas.add(model.schema())) {
        ddl.add("CREATE SCHEMA " + quote(model.schema() + "__" + suffix));
      }
      ddl.add((model.kind() == ModelKind.VIEW ? "CREATE VIEW " : "CREATE TABLE ") + e.getValue() + " AS "
          + toCopy.rewrite(model.query()));
    }
    return ddl;
  }

  static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
