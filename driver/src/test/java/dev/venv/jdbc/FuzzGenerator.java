package dev.venv.jdbc;

import static dev.venv.jdbc.IsolationFuzzer.ENVIRONMENTS;
import static dev.venv.jdbc.IsolationFuzzer.LAZY_ONLY;
import static dev.venv.jdbc.IsolationFuzzer.PROD;
import static dev.venv.jdbc.IsolationFuzzer.SCRATCH_TABLES;
import static dev.venv.jdbc.IsolationFuzzer.SLOTS;
import static dev.venv.jdbc.IsolationFuzzer.modelSchemaOf;
import static dev.venv.jdbc.IsolationFuzzer.schema;
import static dev.venv.jdbc.IsolationFuzzer.table;
import static dev.venv.jdbc.IsolationFuzzer.viewSchema;

import dev.venv.jdbc.FuzzStep.Batch;
import dev.venv.jdbc.FuzzStep.Close;
import dev.venv.jdbc.FuzzStep.Connect;
import dev.venv.jdbc.FuzzStep.Create;
import dev.venv.jdbc.FuzzStep.Effect;
import dev.venv.jdbc.FuzzStep.Promote;
import dev.venv.jdbc.FuzzStep.Read;
import dev.venv.jdbc.FuzzStep.ReadVia;
import dev.venv.jdbc.FuzzStep.Ref;
import dev.venv.jdbc.FuzzStep.Retire;
import dev.venv.jdbc.FuzzStep.Session;
import dev.venv.jdbc.FuzzStep.Shape;
import dev.venv.jdbc.FuzzStep.Target;
import dev.venv.jdbc.FuzzStep.Write;
import dev.venv.jdbc.FuzzStep.WriteVia;
import dev.venv.jdbc.FuzzWorld.Model;
import dev.venv.jdbc.FuzzWorld.Repo;
import dev.venv.jdbc.IsolationFuzzer.Slot;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * The isolation fuzzer's step generator: from a seed and the world as the fuzzer knows it, the
 * next step — weighted so that reads and writes dominate and creates, promotions and janitor runs
 * are rare — with every name in one of the spellings a client may use. It reads the world, never
 * changes it; what a step should do is the oracle's business, worked out when the step runs.
 */
final class FuzzGenerator {
  private final IsolationFuzzer world;
  private final FuzzBackend db;
  private final Set<String> skip;
  private final Random random;

  FuzzGenerator(IsolationFuzzer world, FuzzBackend db, Set<String> skip, Random random) {
    this.world = world;
    this.db = db;
    this.skip = skip;
    this.random = random;
  }


  private boolean twins() {
    return !skip.contains("twins");
  }

  /** prod with a model dev lacks; dev with a new model and changes; pr_1, created on connect, with a schema of its own. */
  List<FuzzStep> setup() {
    Repo prod = Repo.random(random, Set.of("sales.legacy", "marts.summary", "marts.daily"),
        Set.of("marts.fresh", "lab.probe"), twins());
    Repo dev = Repo.random(random, Set.of("marts.fresh", "marts.summary"), Set.of("sales.legacy", "lab.probe"), twins());
    Repo pr1 = Repo.random(random, Set.of("lab.probe"), Set.of(), twins());
    return List.of(
        new Create(PROD, prod),
        new Create("dev", dev),
        new Connect(0, PROD, false, null, false, null),
        new Connect(1, "dev", false, null, false, null),
        new Connect(2, "pr_1", false, pr1, false, null));
  }

  FuzzStep next() {
    List<Integer> open = new ArrayList<>();
    for (int i = 0; i < SLOTS; i++) {
      if (world.slot(i) != null) {
        open.add(i);
      }
    }
    double r = random.nextDouble();
    if (open.isEmpty() || r < 0.03) {
      return generateConnect();
    }
    int slot = open.get(random.nextInt(open.size()));
    if (r < 0.04) {
      return new Close(slot);
    } else if (r < 0.052) {
      String env = pick(List.of("dev", "dev", "pr_1", PROD));
      return new Create(env, Repo.random(random, env.equals("pr_1") ? Set.of("lab.probe") : Set.of(), Set.of(), twins()));
    } else if (r < 0.062) {
      return random.nextInt(8) == 0 ? new Promote("pr_1", "dev") : new Promote(random.nextInt(3) == 0 ? "pr_1" : "dev", PROD);
    } else if (r < 0.07) {
      return new FuzzStep.Janitor();
    } else if (r < 0.073) {
      return new Retire("pr_1");
    } else if (r < 0.19) {
      return generateSession(slot);
    } else if (r < 0.24) {
      return db.onTrino() ? generateRead(slot) : generateBatch(slot);
    } else if (r < 0.26) {
      return db.onTrino() ? generateRead(slot) : generateTransaction(slot);
    } else if (r < 0.27 && !skip.contains("dynamic-sql")) {
      return generateDynamic(slot);
    } else if (r < 0.28 && !skip.contains("create-in")) {
      return generateCreateIn(slot);
    } else if (r < 0.47) {
      return generateProtectedWrite(slot);
    } else if (r < 0.55) {
      return generateScratchWrite(slot);
    }
    return generateRead(slot);
  }

  private FuzzStep generateConnect() {
    int slot = random.nextInt(SLOTS);
    String env = random.nextInt(20) == 0 ? LAZY_ONLY : pick(ENVIRONMENTS);
    Repo models = null;
    boolean refresh = false;
    if (!world.hasEnvironment(env) ? random.nextInt(6) > 0 : random.nextInt(8) == 0) {
      models = Repo.random(random, env.equals("pr_1") ? Set.of("lab.probe") : Set.of(), Set.of(), twins());
      refresh = !env.equals(PROD) && world.hasEnvironment(env) && random.nextBoolean();
    }
    String currentSchema = db.currentSchemaOption() && !skip.contains("current-schema") && random.nextInt(5) == 0 ? pick(List.of("sales", "marts", "scratch", "lab")) : null;
    return new Connect(slot, env, random.nextInt(4) == 0, models, refresh, currentSchema);
  }

  // --- session

  private Session generateSession(int slot) {
    return sessionStep(slot, sessionTargets(world.slot(slot)), random.nextInt(5) == 0);
  }

  private List<String> sessionTargets(Slot slot) {
    String other = pick(List.of("dev", "pr_1", LAZY_ONLY).stream().filter(e -> !e.equals(slot.env)).toList());
    double r = random.nextDouble();
    if (r < 0.4) {
      return List.of(pick(List.of("sales", "marts", "lab")));
    } else if (r < 0.5) {
      return List.of(FuzzBackend.SCRATCH);
    } else if (r < 0.58) {
      return List.of(db.defaultSchema());
    } else if (r < 0.68 && !slot.env.equals(PROD)) {
      return List.of(pick(List.of("sales", "marts")) + "__" + slot.env);
    } else if (r < 0.82) {
      return List.of(pick(List.of("sales", "marts", "lab")) + "__" + other);
    }
    return pick(List.of(List.of(FuzzBackend.SCRATCH, "sales"), List.of("sales", FuzzBackend.SCRATCH),
        List.of("marts", "sales"), List.of(FuzzBackend.SCRATCH, "marts")));
  }

  private Session sessionStep(int slot, List<String> schemas, boolean setSchemaApi) {
    WriteVia via = pick(List.of(WriteVia.EXECUTE, WriteVia.EXECUTE, WriteVia.PREPARED, WriteVia.SHARED_STATEMENT));
    if (schemas.size() == 1 && setSchemaApi) {
      return new Session(slot, null, schemas, false, via);
    }
    if (db.onTrino() && setSchemaApi) {
      return new Session(slot, null, List.of(schemas.get(0)), false, via);
    }
    String x = schemas.get(0);
    if (db.onTrino()) {
      // one current schema, no search path: a list's first schema; Trino prepares no USE
      // (a prepared one fails as "not yet implemented"), so a prepared session step is executed
      WriteVia executed = via == WriteVia.PREPARED ? WriteVia.EXECUTE : via;
      String sql = switch (random.nextInt(5)) {
        case 0 -> "USE " + x;
        case 1 -> "USE " + x.toUpperCase(Locale.ROOT);
        case 2 -> "USE " + FuzzStep.CATALOG + "." + x;
        case 3 -> "USE \"" + FuzzStep.CATALOG + "\".\"" + x + "\"";
        default -> "use \"" + x + "\"";
      };
      return new Session(slot, sql, List.of(x), false, executed);
    }
    if (db.duckdb()) {
      if (schemas.size() > 1) {
        return new Session(slot, "SET search_path = '" + String.join(",", schemas) + "'", schemas, false, via);
      }
      String sql = switch (random.nextInt(6)) {
        case 0 -> "USE " + x;
        case 1 -> "USE " + x.toUpperCase(Locale.ROOT);
        case 2 -> "USE " + FuzzStep.CATALOG + "." + x;
        case 3 -> "SET schema = '" + x + "'";
        case 4 -> "SET search_path = '" + x + "'";
        default -> "use \"" + x + "\"";
      };
      return new Session(slot, sql, schemas, false, via);
    }
    if (schemas.size() > 1) {
      return new Session(slot, (random.nextBoolean() ? "SET search_path = " : "SET search_path TO ")
          + String.join(", ", schemas), schemas, false, via);
    }
    if (x.equals("public") && random.nextBoolean()) {
      return new Session(slot, "RESET search_path", schemas, false, via);
    }
    WriteVia query = via == WriteVia.EXECUTE_UPDATE ? WriteVia.EXECUTE : via;
    return switch (random.nextInt(skip.contains("set-config") ? 4 : 7)) {
      case 0 -> new Session(slot, "SET search_path = " + x, schemas, false, via);
      case 1 -> new Session(slot, "SET search_path TO \"" + x + "\"", schemas, false, via);
      case 2 -> new Session(slot, "SET SCHEMA '" + x + "'", schemas, false, via);
      case 3 -> new Session(slot, "SET SESSION search_path = " + x.toUpperCase(Locale.ROOT), schemas, false, via);
      case 4 -> new Session(slot, "SELECT set_config('search_path', '" + x + "', false)", schemas, false, query);
      case 5 -> new Session(slot, "SELECT set_config('search_path', '" + x.substring(0, 2) + "' || '" + x.substring(2)
          + "', false)", schemas, true, query);
      default -> new Session(slot, "SET search_path TO " + x, schemas, false, via);
    };
  }

  // --- reads

  private Read generateRead(int slot) {
    Slot s = world.slot(slot);
    double r = random.nextDouble();
    Shape shape = r < 0.62 ? Shape.ONE : r < 0.75 ? Shape.UNION : r < 0.9 ? Shape.JOIN : Shape.SEMI;
    List<Ref> refs = new ArrayList<>();
    refs.add(readRef(s));
    if (shape != Shape.ONE) {
      refs.add(readRef(s));
    }
    List<String> spelled = new ArrayList<>();
    for (Ref ref : refs) {
      spelled.add(spell(ref));
    }
    ReadVia via = pick(List.of(ReadVia.EXECUTE_QUERY, ReadVia.EXECUTE_QUERY, ReadVia.EXECUTE, ReadVia.PREPARED,
        ReadVia.PREPARED, ReadVia.CTAS_INTO_SCRATCH));
    String a = spelled.get(0);
    String sql = switch (shape) {
      case ONE -> switch (random.nextInt(7)) {
        case 0 -> "SELECT x.tag, x.n FROM " + a + " AS x";
        case 1 -> a.contains(" ") ? "SELECT tag, n FROM " + a : "SELECT " + a + ".tag, " + a + ".n FROM " + a;
        case 2 -> "SELECT q.tag, q.n FROM (SELECT * FROM " + a + ") AS q";
        case 3 -> "WITH q AS (SELECT tag, n FROM " + a + ") SELECT tag, n FROM q";
        case 4 -> via == ReadVia.PREPARED ? "SELECT tag, n FROM " + a + " WHERE n > ?" : "SELECT tag, n FROM " + a;
        case 5 -> "/* not sales.orders, not " + a + " */ SELECT tag, n FROM " + a + " WHERE tag <> 'sales.orders'";
        default -> "SELECT tag, n FROM " + a;
      };
      case UNION -> "SELECT tag, n FROM " + a + " UNION ALL SELECT tag, n FROM " + spelled.get(1);
      case JOIN -> random.nextBoolean()
          ? "SELECT a.tag || '+' || b.tag AS tag, a.n + b.n AS n FROM " + a + " AS a CROSS JOIN " + spelled.get(1) + " AS b"
          : "SELECT a.tag || '+' || b.tag AS tag, a.n + b.n AS n FROM " + a + " AS a JOIN " + spelled.get(1)
              + " AS b ON a.n + b.n >= 0";
      case SEMI -> "SELECT tag, n FROM " + a + " WHERE n IN (SELECT n FROM " + spelled.get(1) + ")";
    };
    return new Read(slot, sql, shape, refs, via);
  }

  private Ref readRef(Slot s) {
    double r = random.nextDouble();
    if (r < 0.45) {
      return new Ref.Model(someModel(s));
    } else if (r < 0.57) {
      return new Ref.View(someModel(s), viewEnv(s));
    } else if (r < 0.65) {
      Ref p = somePhysical(s);
      if (p != null) {
        return p;
      }
    } else if (r < 0.87) {
      return new Ref.Bare(bareTable(s));
    }
    return new Ref.Scratch(pick(SCRATCH_TABLES));
  }

  private String someModel(Slot s) {
    List<String> held = new ArrayList<>(s.pinned.snaps().keySet());
    if (!held.isEmpty() && random.nextInt(10) < 6) {
      return pick(held);
    }
    return pick(FuzzWorld.MODELS).name();
  }

  /** Mostly the connection's own environment (when it has view schemas of its own), else another. */
  private String viewEnv(Slot s) {
    if (!s.env.equals(PROD) && random.nextBoolean()) {
      return s.env;
    }
    return pick(List.of("dev", "pr_1", LAZY_ONLY).stream().filter(e -> !e.equals(s.env)).toList());
  }

  private Ref somePhysical(Slot s) {
    List<String> physical = new ArrayList<>();
    if (random.nextBoolean()) {
      s.pinned.snaps().values().forEach(x -> physical.add(x.physical().toString()));
    } else {
      world.objects().stream().filter(o -> o.startsWith("venv__")).forEach(physical::add);
    }
    if (physical.isEmpty()) {
      return null;
    }
    String name = pick(physical);
    int dot = name.indexOf('.');
    return new Ref.Physical(name.substring(0, dot), name.substring(dot + 1));
  }

  private String bareTable(Slot s) {
    List<String> path = s.paths.iterator().next();
    String model = modelSchemaOf(path.get(0));
    if (model != null && random.nextInt(10) < 7) {
      List<String> tables = FuzzWorld.MODELS.stream().filter(m -> m.schema().equals(model)).map(Model::table).toList();
      return pick(tables);
    }
    List<String> all = new ArrayList<>(FuzzWorld.TABLES);
    all.addAll(SCRATCH_TABLES);
    return pick(all);
  }

  // --- writes

  private Write generateProtectedWrite(int slot) {
    Slot s = world.slot(slot);
    double r = random.nextDouble();
    Ref ref;
    if (r < 0.35) {
      ref = new Ref.Model(someModel(s));
      if (skip.contains("unheld-write") && !s.pinned.holds(((Ref.Model) ref).model()) && !s.pinned.snaps().isEmpty()) {
        ref = new Ref.Model(pick(new ArrayList<>(s.pinned.snaps().keySet())));
      }
    } else if (r < 0.5) {
      ref = new Ref.View(someModel(s), viewEnv(s));
      Ref.View view = (Ref.View) ref;
      if (skip.contains("other-view-write") && !view.env().equals(s.env)
          || skip.contains("unheld-write") && view.env().equals(s.env) && !s.pinned.holds(view.model())) {
        ref = new Ref.Model(someModel(s));
        if (skip.contains("unheld-write") && !s.pinned.holds(((Ref.Model) ref).model()) && !s.pinned.snaps().isEmpty()) {
          ref = new Ref.Model(pick(new ArrayList<>(s.pinned.snaps().keySet())));
        }
      }
    } else if (r < 0.75) {
      ref = somePhysical(s);
      if (ref == null) {
        ref = new Ref.Model(someModel(s));
      }
    } else if (r < 0.97) {
      return bareWrite(slot, bareTable(s));
    } else {
      String schema = pick(List.of("sales", "marts", "lab", "venv__sales", "sales__dev", "venv_state"));
      if (skip.contains("unheld-write") && FuzzWorld.MODEL_SCHEMAS.contains(schema) && !s.pinned.schemas().contains(schema)
          || skip.contains("other-view-write") && schema.equals("sales__dev") && !s.env.equals("dev")) {
        schema = "venv__sales";
      }
      return new Write(slot, "DROP SCHEMA " + schema + " CASCADE", new Target.Schema(schema), Effect.NONE, WriteVia.EXECUTE);
    }
    String x = spell(ref);
    String type = objectType(s, ref);
    boolean duck = db.duckdb();
    List<String> verbs = new ArrayList<>(List.of(
        "INSERT INTO " + x + " (tag, n) VALUES ('evil', 666)",
        "INSERT INTO " + x + " SELECT tag, n FROM " + x,
        "UPDATE " + x + " SET n = n + 1",
        "DELETE FROM " + x,
        "DELETE FROM " + x + " WHERE n >= 0",
        "TRUNCATE " + x,
        "DROP " + type + " " + x,
        "DROP " + type + " IF EXISTS " + x + " CASCADE",
        type.equals("TABLE") ? "ALTER TABLE " + x + " ADD COLUMN evil INTEGER" : "ALTER VIEW " + x + " RENAME TO evil_" + world.stepIndex(),
        "CREATE OR REPLACE VIEW " + x + " AS SELECT 'evil' AS tag, 666 AS n",
        "COMMENT ON " + type + " " + x + " IS 'evil'",
        "COMMENT ON COLUMN " + x + ".tag IS 'evil'",
        "MERGE INTO " + x + " AS t USING (SELECT 1 AS k) AS s ON t.n >= 0 WHEN MATCHED THEN DELETE"));
    if (db.onTrino()) {
      verbs.add("TRUNCATE TABLE " + x);
      verbs.add("CREATE OR REPLACE TABLE " + x + " AS SELECT 'evil' AS tag, 666 AS n");
      verbs.add("ALTER TABLE " + x + " RENAME TO evil_" + world.stepIndex());
      verbs.add("ALTER TABLE " + x + " EXECUTE optimize");
      verbs.add("ALTER TABLE " + x + " SET PROPERTIES format = 'ORC'");
      verbs.add("ANALYZE " + x);
      verbs.add("PREPARE evil FROM DELETE FROM " + x);
      verbs.add("PREPARE evil FROM INSERT INTO " + x + " (tag, n) VALUES ('evil', 666)");
      verbs.add("EXPLAIN ANALYZE DELETE FROM " + x);
    } else if (duck) {
      verbs.add("CREATE OR REPLACE TABLE " + x + " AS SELECT 'evil' AS tag, 666 AS n");
    } else {
      verbs.add("WITH d AS (DELETE FROM " + x + " RETURNING *) SELECT count(*) FROM d");
      verbs.add("ALTER TABLE " + x + " RENAME TO evil_" + world.stepIndex());
    }
    if (type.equals("TABLE") && !db.onTrino()) {
      verbs.add("CREATE INDEX evil_" + world.stepIndex() + " ON " + x + " (n)");
    }
    String sql = pick(verbs);
    WriteVia via = sql.startsWith("WITH") ? WriteVia.EXECUTE : pick(List.of(WriteVia.values()));
    return new Write(slot, sql, new Target.Of(ref), Effect.NONE, via);
  }

  /** TABLE or VIEW: the kind of object the name is in the backend, so the verb fits it. */
  private String objectType(Slot s, Ref ref) {
    String name = null;
    if (ref instanceof Ref.Model m) {
      if (s.pinned.holds(m.model())) {
        return s.pinned.snaps().get(m.model()).kind().equals("VIEW") ? "VIEW" : "TABLE";
      }
      return "VIEW";
    } else if (ref instanceof Ref.View) {
      return "VIEW";
    } else if (ref instanceof Ref.Physical p) {
      name = p.schema() + "." + p.table();
    }
    String value = name == null ? null : world.objectDescription(name);
    return value != null && value.startsWith("VIEW") ? "VIEW" : "TABLE";
  }

  private Write generateScratchWrite(int slot) {
    Slot s = world.slot(slot);
    boolean bare = s.paths.iterator().next().contains(FuzzBackend.SCRATCH) && random.nextBoolean();
    String table = pick(SCRATCH_TABLES);
    if (bare) {
      return bareWrite(slot, table);
    }
    Effect effect = effect(table);
    return new Write(slot, scratchSql(spell(new Ref.Scratch(table)), effect), new Target.Of(new Ref.Scratch(table)),
        effect, pick(List.of(WriteVia.EXECUTE, WriteVia.EXECUTE_UPDATE, WriteVia.PREPARED, WriteVia.SHARED_STATEMENT)));
  }

  /** A write to a bare name: only verbs whose effect on a scratch table the fuzzer can follow. */
  private Write bareWrite(int slot, String table) {
    String category = world.bareCategory(world.slot(slot), table);
    if (skip.contains("unheld-write") && (category.equals("bare-unheld") || category.equals("bare-other-view")
        || category.equals("bare-own-view-unheld"))) {
      table = "notes";
    }
    Effect effect = effect(world.scratchRows(table) != null ? table : "notes");
    String x = pick(List.of(table, table.toUpperCase(Locale.ROOT), "\"" + table + "\""));
    return new Write(slot, scratchSql(x, effect), new Target.Of(new Ref.Bare(table)), effect,
        pick(List.of(WriteVia.EXECUTE, WriteVia.EXECUTE_UPDATE, WriteVia.PREPARED, WriteVia.SHARED_STATEMENT)));
  }

  private Effect effect(String table) {
    List<String> rows = world.scratchRows(table);
    int k = !rows.isEmpty() && random.nextInt(10) < 7
        ? Integer.parseInt(pick(rows).split("\\|")[1]) : random.nextInt(50);
    return new Effect(pick(List.of("insert", "insert", "delete", "update", "clear")), k);
  }

  private static String scratchSql(String x, Effect effect) {
    return switch (effect.verb()) {
      case "insert" -> "INSERT INTO " + x + " (tag, n) VALUES ('ins#" + effect.k() + "', " + effect.k() + ")";
      case "delete" -> "DELETE FROM " + x + " WHERE n = " + effect.k();
      case "update" -> "UPDATE " + x + " SET n = n + 1000 WHERE n = " + effect.k();
      default -> "DELETE FROM " + x;
    };
  }

  private Write generateCreateIn(int slot) {
    Slot s = world.slot(slot);
    String name = "mine_" + world.stepIndex();
    boolean certain = s.paths.size() == 1 && s.paths.iterator().next().size() == 1;
    String schema = certain && random.nextInt(4) == 0 ? null : pick(List.of("sales", "marts", "lab", "sales__dev",
        "marts__pr_1", "lab__pr_1", viewSchema(pick(List.of("sales", "marts")), s.env), "venv__sales", "venv_state"));
    String x = schema == null ? name : schema + "." + name;
    String sql = pick(List.of("CREATE TABLE " + x + " (x INTEGER)", "CREATE VIEW " + x + " AS SELECT 1 AS x",
        "CREATE TABLE " + x + " AS SELECT tag, n FROM sales.orders"));
    return new Write(slot, sql, new Target.CreateIn(schema), Effect.NONE,
        pick(List.of(WriteVia.EXECUTE, WriteVia.EXECUTE_UPDATE, WriteVia.PREPARED)));
  }

  // --- batches

  private Batch generateBatch(int slot) {
    Slot s = world.slot(slot);
    List<FuzzStep> items = new ArrayList<>();
    int n = 2 + random.nextInt(3);
    for (int i = 0; i < n; i++) {
      double r = random.nextDouble();
      if (i == 0 || r < 0.3) {
        Session session;
        do {
          session = sessionStep(slot, sessionTargets(s), false);
        } while (session.opaque() || session.sql().startsWith("SELECT"));
        items.add(session);
      } else if (r < 0.75) {
        // skipping batch-bare-write: only the one bare name that no model has
        items.add(bareWrite(slot, skip.contains("batch-bare-write") ? "notes"
            : pick(random.nextBoolean() ? SCRATCH_TABLES : FuzzWorld.TABLES)));
      } else if (r < 0.9) {
        Write w = generateScratchWrite(slot);
        if (skip.contains("batch-bare-write") && w.target() instanceof Target.Of of && of.ref() instanceof Ref.Bare) {
          w = bareWrite(slot, "notes");
        }
        items.add(w);
      } else {
        Write w = generateProtectedWrite(slot);
        if (w.sql().startsWith("WITH") || w.target() instanceof Target.Schema
            || skip.contains("batch-bare-write") && w.target() instanceof Target.Of of && of.ref() instanceof Ref.Bare) {
          w = bareWrite(slot, "notes");
        }
        items.add(w);
      }
    }
    return new Batch(slot, items, random.nextInt(3) == 0);
  }

  private FuzzStep generateTransaction(int slot) {
    Slot s = world.slot(slot);
    // a schema the connection surely may use: a refused SET would abort the transaction on PostgreSQL
    List<String> sure = new ArrayList<>(List.of(FuzzBackend.SCRATCH, db.defaultSchema()));
    s.pinned.schemas().stream().filter(x -> world.schemaExists(viewSchema(x, s.env))).forEach(sure::add);
    boolean local = !db.duckdb() && random.nextBoolean();
    String target = pick(sure);
    String sql = db.duckdb() ? pick(List.of("USE " + target, "SET search_path = '" + target + "'"))
        : (local ? "SET LOCAL search_path = " : "SET search_path = ") + target;
    Session session = new Session(slot, sql, List.of(target), false, WriteVia.EXECUTE);
    List<FuzzStep> items = new ArrayList<>();
    int n = 1 + random.nextInt(2);
    for (int i = 0; i < n; i++) {
      if (random.nextBoolean()) {
        Ref ref = random.nextBoolean() ? new Ref.Bare(bareTable(s)) : new Ref.Model(someModel(s));
        items.add(new Read(slot, "SELECT tag, n FROM " + spell(ref), Shape.ONE, List.of(ref), ReadVia.EXECUTE_QUERY));
      } else {
        String table = pick(random.nextBoolean() ? SCRATCH_TABLES : FuzzWorld.TABLES);
        Write w = bareWrite(slot, skip.contains("batch-bare-write") ? "notes" : table);
        items.add(w);
      }
    }
    return new FuzzStep.Transaction(slot, session, items, random.nextBoolean(), local);
  }

  /** SQL run from a string that names a model, a view or a physical object. */
  private FuzzStep generateDynamic(int slot) {
    Slot s = world.slot(slot);
    Ref ref = random.nextBoolean() ? new Ref.Model(someModel(s)) : somePhysical(s);
    if (ref == null) {
      ref = new Ref.Model(someModel(s));
    }
    String name = spell(ref);
    String sql;
    if (db.onTrino()) {
      sql = pick(List.of("EXECUTE IMMEDIATE 'SELECT tag, n FROM " + name + "'",
          "EXECUTE IMMEDIATE 'DELETE FROM " + name + "'",
          "EXECUTE IMMEDIATE 'INSERT INTO " + name + " (tag, n) VALUES (''evil'', 666)'"));
    } else if (db.duckdb()) {
      sql = pick(List.of("SELECT tag, n FROM query('SELECT tag, n FROM " + name + "')",
          "SELECT * FROM query_table('" + name.replace("'", "''") + "')"));
    } else {
      sql = pick(List.of("SELECT query_to_xml('SELECT tag, n FROM " + name + "', true, false, '')",
          "SELECT table_to_xml('" + name + "', true, false, '')",
          "DO $$ BEGIN EXECUTE 'DELETE FROM " + name + "'; END $$",
          "DO $$ BEGIN DELETE FROM " + name + "; END $$",
          "DO $$ BEGIN EXECUTE 'UPDATE " + name + " SET n = 0'; END $$"));
    }
    return new FuzzStep.Dynamic(slot, sql);
  }

  // --- spelling

  /** One of the ways a client may spell a reference. */
  private String spell(Ref ref) {
    boolean duck = db.duckdb() || db.onTrino(); // both fold the case of quoted names
    if (ref instanceof Ref.Model m) {
      String s = schema(m.model());
      String t = table(m.model());
      return switch (random.nextInt(9)) {
        case 0 -> m.model().toUpperCase(Locale.ROOT);
        case 1 -> capitalize(s) + "." + capitalize(t);
        case 2 -> duck ? "\"" + capitalize(s) + "\".\"" + capitalize(t) + "\"" : "\"" + s + "\".\"" + t + "\"";
        case 3 -> "\"" + s + "\"." + t;
        case 4 -> FuzzStep.CATALOG + "." + m.model();
        case 5 -> "\"" + FuzzStep.CATALOG + "\".\"" + s + "\".\"" + t + "\"";
        case 6 -> s + " . " + t;
        default -> m.model();
      };
    } else if (ref instanceof Ref.View v) {
      String s = viewSchema(schema(v.model()), v.env());
      String t = table(v.model());
      return switch (random.nextInt(4)) {
        case 0 -> (s + "." + t).toUpperCase(Locale.ROOT);
        case 1 -> "\"" + s + "\".\"" + t + "\"";
        case 2 -> FuzzStep.CATALOG + "." + s + "." + t;
        default -> s + "." + t;
      };
    } else if (ref instanceof Ref.Physical p) {
      return switch (random.nextInt(4)) {
        case 0 -> (p.schema() + "." + p.table()).toUpperCase(Locale.ROOT);
        case 1 -> "\"" + p.schema() + "\".\"" + p.table() + "\"";
        case 2 -> FuzzStep.CATALOG + "." + p.schema() + "." + p.table();
        default -> p.schema() + "." + p.table();
      };
    } else if (ref instanceof Ref.Bare b) {
      return switch (random.nextInt(3)) {
        case 0 -> b.table().toUpperCase(Locale.ROOT);
        case 1 -> "\"" + b.table() + "\"";
        default -> b.table();
      };
    } else if (ref instanceof Ref.Scratch sc) {
      return random.nextBoolean() ? FuzzBackend.SCRATCH + "." + sc.table() : "\"scratch\".\"" + sc.table() + "\"";
    }
    throw new IllegalArgumentException(String.valueOf(ref));
  }

  private static String capitalize(String name) {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  private <T> T pick(List<T> list) {
    return list.get(random.nextInt(list.size()));
  }
}
