package dev.venv.jdbc;

import dev.venv.env.Janitor;
import dev.venv.jdbc.FuzzStep.Batch;
import dev.venv.jdbc.FuzzStep.Close;
import dev.venv.jdbc.FuzzStep.Connect;
import dev.venv.jdbc.FuzzStep.Create;
import dev.venv.jdbc.FuzzStep.Effect;
import dev.venv.jdbc.FuzzStep.Promote;
import dev.venv.jdbc.FuzzStep.Read;
import dev.venv.jdbc.FuzzStep.Ref;
import dev.venv.jdbc.FuzzStep.Retire;
import dev.venv.jdbc.FuzzStep.Session;
import dev.venv.jdbc.FuzzStep.Shape;
import dev.venv.jdbc.FuzzStep.Target;
import dev.venv.jdbc.FuzzStep.Write;
import dev.venv.jdbc.FuzzStep.WriteVia;
import dev.venv.jdbc.FuzzWorld.EnvState;
import dev.venv.jdbc.FuzzWorld.Snap;
import dev.venv.model.ModelRepository;
import dev.venv.state.PhysicalName;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The isolation fuzzer: runs steps (from {@link FuzzGenerator}, or given ones when a failure is
 * replayed or reduced) through the venv driver, and after each one checks the contract of issue 7
 * (see {@link IsolationFuzzTest}). A broken promise is thrown as a {@link Violation}, which names
 * its kind, the step, what was expected and what happened.
 *
 * <p>The fuzzer keeps its own model of the world: which snapshot of each model every environment
 * holds now, which set each open connection pinned when it connected, the session's search path
 * (a set of candidates where a failed batch leaves it uncertain), and the rows of the user's
 * scratch tables. Every expectation is derived from that model when a step runs.
 */
final class IsolationFuzzer {
  static final int SLOTS = 3;
  static final String PROD = "prod";
  static final List<String> ENVIRONMENTS = List.of(PROD, "dev", "pr_1");
  /** An environment only a connect creates (lazily, with models=); often it does not exist. */
  static final String LAZY_ONLY = "qa";
  static final List<String> SCRATCH_TABLES = List.of("notes", "orders");

  /**
   * Known violation classes that {@code -Dvenv.fuzz.skipKnown} can step over, a local diagnostic aid
   * to find the next class while one is being fixed: the oracle tolerates a read class, and the
   * generator avoids a write class (a write that got through would change what later reads see).
   */
  static final Map<String, String> SKIPPABLE = Map.ofEntries(
      Map.entry("twins", "no two models with one query (issue 7 hole 2: create fails with Duplicate key)"),
      Map.entry("duckdb-42000", "DuckDB's 'does not exist' errors count as 42P01 (they come as 42000)"),
      Map.entry("unheld-read", "a model the connection's environment lacks may read another's rows (hole 1)"),
      Map.entry("other-view-read", "another environment's view schema may read its rows (hole 1)"),
      Map.entry("physical-read", "a physical object named directly may read any rows"),
      Map.entry("unpinned-read", "bare names and the own view schema may read the environment's current views (hole 5)"),
      Map.entry("unheld-write", "no writes to models (or their schemas) the environment lacks (hole 1)"),
      Map.entry("other-view-write", "no writes to another environment's views (hole 1)"),
      Map.entry("create-in", "no CREATE in model, view or physical schemas (hole 7)"),
      Map.entry("batch-bare-write", "batches write bare names no model has (hole 3)"),
      Map.entry("schema-drift", "after a failed batch, text or transaction, setSchema puts driver and backend together (hole 12)"),
      Map.entry("search-path-over-refusal", "a write to the user's table may be refused when a model schema is on the path"),
      Map.entry("set-config", "no set_config('search_path', ...) (PostgreSQL, hole 12)"),
      Map.entry("current-schema", "no currentSchema= in the URL (PostgreSQL, hole 4)"),
      Map.entry("dynamic-sql", "no SQL in strings: query(), query_to_xml, DO blocks (hole 14)"));

  /** A broken promise. */
  static final class Violation extends RuntimeException {
    final String kind;
    final int step;

    Violation(String kind, int step, String message) {
      super(message);
      this.kind = kind;
      this.step = step;
    }
  }

  /** An open connection and what the fuzzer knows about it. */
  static final class Slot {
    Connection connection;
    Statement shared;
    String env;
    int connectedAt;
    EnvState pinned;
    /** The session's search path, lower case; several candidates when a step left it uncertain. */
    Set<List<String>> paths = new LinkedHashSet<>();
    /** The path the connection started on, which RESET goes back to (PostgreSQL's currentSchema=). */
    List<String> initialPath = List.of();
  }

  private final FuzzBackend db;
  private final Path work;
  private final Set<String> skip;
  private final Map<String, EnvState> envs = new TreeMap<>();
  private final Slot[] slots = new Slot[SLOTS];
  private final Map<String, List<String>> scratch = new TreeMap<>();
  private TreeMap<String, String> baseline;
  private final List<String> log = new ArrayList<>();
  private int repos;
  private int index;
  /** The message of the last error a step saw, for violation messages. */
  private String lastError;

  IsolationFuzzer(FuzzBackend db, Path work, Set<String> skip) throws SQLException {
    this.db = db;
    this.work = work;
    this.skip = skip;
    db.createScratch();
    scratch.put("notes", new ArrayList<>());
    scratch.put("orders", new ArrayList<>(List.of("scratch.orders#0|0")));
    baseline = db.digest();
  }

  // What the generator may ask of the world (it reads, never changes it).

  Slot slot(int i) {
    return slots[i];
  }

  boolean hasEnvironment(String env) {
    return envs.containsKey(env);
  }

  List<String> scratchRows(String table) {
    return scratch.get(table);
  }

  /** The backend's type line of an object ({@code TABLE ...}, {@code VIEW ...}) at the last digest, or {@code null}. */
  String objectDescription(String name) {
    return baseline.get("object " + name);
  }

  int stepIndex() {
    return index;
  }

  /** What each step did, {@code #i step → outcome}. */
  List<String> log() {
    return log;
  }

  // ---------------------------------------------------------------------------------------------
  // Running

  /** Generates and runs {@code count} steps from {@code seed}; returns them all (the last one failed when thrown). */
  List<FuzzStep> generateAndRun(long seed, int count, List<FuzzStep> done) throws SQLException {
    FuzzGenerator generator = new FuzzGenerator(this, db, skip, new Random(seed));
    for (FuzzStep step : generator.setup()) {
      if (done.size() >= count) {
        break;
      }
      done.add(step);
      run(step);
    }
    while (done.size() < count) {
      FuzzStep step = generator.next();
      done.add(step);
      run(step);
    }
    return done;
  }

  /** Runs given steps (a replay, or a subsequence of a failing run). */
  void replay(List<FuzzStep> steps) throws SQLException {
    for (FuzzStep step : steps) {
      run(step);
    }
  }

  void closeAll() {
    for (int i = 0; i < SLOTS; i++) {
      closeQuietly(i);
    }
  }

  private void run(FuzzStep step) throws SQLException {
    int i = index++;
    long start = System.nanoTime();
    String outcome;
    try {
      outcome = execute(step);
    } catch (Violation v) {
      log.add("#" + i + " " + describe(step) + "  => VIOLATION " + v.kind);
      throw v;
    } catch (SQLException | RuntimeException e) {
      log.add("#" + i + " " + describe(step) + "  => " + e);
      throw violation("harness", "The step threw where the oracle did not expect it: " + e, e);
    }
    log.add("#" + i + " " + describe(step) + "  => " + outcome + "  (" + (System.nanoTime() - start) / 1_000_000 + " ms)");
  }

  private String execute(FuzzStep step) throws SQLException {
    if (step instanceof Connect s) {
      return connect(s);
    } else if (step instanceof Close s) {
      closeQuietly(s.slot());
      return "closed";
    } else if (step instanceof Session s) {
      return slotStep(s.slot(), () -> session(s));
    } else if (step instanceof Read s) {
      return slotStep(s.slot(), () -> read(s));
    } else if (step instanceof Write s) {
      return slotStep(s.slot(), () -> write(s));
    } else if (step instanceof Batch s) {
      return slotStep(s.slot(), () -> batch(s));
    } else if (step instanceof FuzzStep.Transaction s) {
      return slotStep(s.slot(), () -> transaction(s));
    } else if (step instanceof FuzzStep.Dynamic s) {
      return slotStep(s.slot(), () -> dynamic(s));
    } else if (step instanceof Create s) {
      return create(s);
    } else if (step instanceof Promote s) {
      return promote(s);
    } else if (step instanceof FuzzStep.Janitor) {
      return janitor();
    } else if (step instanceof Retire s) {
      return retire(s);
    } else if (step instanceof FuzzStep.Raw s) {
      return raw(s);
    }
    throw new IllegalArgumentException(String.valueOf(step));
  }

  private interface SlotWork {
    String run() throws SQLException;
  }

  private interface Attempt {
    void run() throws SQLException;
  }

  /**
   * What {@code attempt} came to: {@code ok}, or the label of its {@link SQLException}; any other
   * exception is a violation of its own ({@code what} threw it).
   */
  private String outcome(String what, Attempt attempt) {
    try {
      attempt.run();
      return "ok";
    } catch (SQLException e) {
      return label(e);
    } catch (RuntimeException e) {
      throw violation("unexpected-exception", what + " threw " + describe(e), e);
    }
  }

  /** A step on a connection: skipped when the slot is closed (a replayed subsequence), then the digest is checked. */
  private String slotStep(int slot, SlotWork work) throws SQLException {
    if (slots[slot] == null) {
      return "skipped: slot closed";
    }
    String outcome = work.run();
    checkDigest();
    return outcome;
  }

  // ---------------------------------------------------------------------------------------------
  // State steps

  private String create(Create s) throws SQLException {
    Path dir = s.repo().write(newRepoDir());
    EnvState state = FuzzWorld.state(s.repo(), dir, db.dialect());
    try {
      db.environments.create(ModelRepository.load(dir, db.dialect()), s.env(), PROD, null);
    } catch (SQLException | RuntimeException e) {
      throw violation("create", "create " + s.env() + " from " + s.repo() + " failed: " + describe(e), e);
    }
    envs.put(s.env(), state);
    rebaseline();
    return "created";
  }

  private String promote(Promote s) throws SQLException {
    boolean exists = envs.containsKey(s.from());
    try {
      db.environments.promote(s.from(), s.to());
    } catch (SQLException e) {
      if (!exists && "42704".equals(e.getSQLState())) {
        return "refused: no " + s.from();
      }
      throw violation("promote", "promote " + s.from() + " -> " + s.to() + " failed: " + describe(e), e);
    } catch (RuntimeException e) {
      throw violation("promote", "promote " + s.from() + " -> " + s.to() + " threw " + describe(e), e);
    }
    if (!exists) {
      throw violation("promote", "promote of a missing environment " + s.from() + " succeeded", null);
    }
    envs.put(s.to(), envs.get(s.from()));
    rebaseline();
    return "promoted";
  }

  private String janitor() throws SQLException {
    Janitor.Report report;
    try {
      report = db.environments.janitor().run(false, true);
    } catch (SQLException | RuntimeException e) {
      throw violation("janitor", "the janitor failed: " + describe(e), e);
    }
    if (!report.failed().isEmpty()) {
      throw violation("janitor", "the janitor reported failures: " + report.failed(), null);
    }
    rebaseline();
    return "removed " + report.removed().size();
  }

  private String retire(Retire s) throws SQLException {
    if (!envs.containsKey(s.env())) {
      return "skipped: no " + s.env();
    }
    try {
      db.environments.invalidate(s.env());
      Janitor.Report report = db.environments.janitor().run(false, true);
      if (!report.failed().isEmpty()) {
        throw violation("janitor", "the janitor reported failures: " + report.failed(), null);
      }
    } catch (SQLException | RuntimeException e) {
      if (e instanceof Violation v) {
        throw v;
      }
      throw violation("janitor", "retiring " + s.env() + " failed: " + describe(e), e);
    }
    envs.remove(s.env());
    rebaseline();
    return "retired";
  }

  private String raw(FuzzStep.Raw s) throws SQLException {
    String sql = s.sql();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{physical:([a-z_.]+)@([a-z0-9_]+)}").matcher(sql);
    StringBuilder resolved = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(resolved, envs.get(m.group(2)).snaps().get(m.group(1)).physical().toString());
    }
    m.appendTail(resolved);
    try (Statement st = db.raw.createStatement()) {
      st.execute(resolved.toString());
    }
    checkDigest();
    return "ran";
  }

  /** What the oracle accepts for a read or write on its connection now (for the oracle's own tests). */
  Set<String> expected(FuzzStep step) {
    Set<String> all = new TreeSet<>();
    if (step instanceof Read r) {
      Slot slot = slots[r.slot()];
      slot.paths.forEach(path -> all.addAll(readOutcomes(slot, r, path)));
    } else if (step instanceof Write w) {
      Slot slot = slots[w.slot()];
      slot.paths.forEach(path -> writeOutcomes(slot, w.target(), w.effect(), path).forEach(o -> all.add(o.label())));
    } else {
      throw new IllegalArgumentException(String.valueOf(step));
    }
    return all;
  }

  private Path newRepoDir() {
    return work.resolve("repos").resolve("r" + (repos++));
  }

  /** After a step that may change venv's objects: a new digest, checked against the world model. */
  private void rebaseline() throws SQLException {
    baseline = db.digest();
    Set<String> objects = objects();
    List<String> problems = new ArrayList<>();
    Map<String, String> views = new TreeMap<>();
    Set<String> recorded = db.environmentNames();
    if (!recorded.equals(envs.keySet())) {
      problems.add("venv_state.environments holds " + recorded + ", the world " + envs.keySet());
    }
    for (Map.Entry<String, EnvState> e : envs.entrySet()) {
      String env = e.getKey();
      EnvState state = e.getValue();
      for (String schema : FuzzWorld.MODEL_SCHEMAS) {
        String viewSchema = viewSchema(schema, env);
        Set<String> found = new TreeSet<>();
        for (String object : objects) {
          if (object.startsWith(viewSchema + ".")) {
            found.add(object.substring(viewSchema.length() + 1));
          }
        }
        Set<String> wanted = new TreeSet<>();
        state.snaps().keySet().stream().filter(m -> m.startsWith(schema + ".")).forEach(m -> wanted.add(table(m)));
        if (!found.equals(wanted)) {
          problems.add(env + ": schema " + viewSchema + " holds " + found + ", the world " + wanted);
        }
      }
      for (Snap snap : state.snaps().values()) {
        for (PhysicalName p : snap.needs()) {
          if (!objects.contains(p.toString())) {
            problems.add(env + ": " + snap.model() + " needs " + p + ", which does not exist");
          }
        }
        if (objects.contains(viewSchema(schema(snap.model()), env) + "." + table(snap.model()))) {
          views.put(env + " " + snap.model(), snap.row());
        }
      }
    }
    // every view's rows, in one query (one by one only when one cannot be read)
    Map<String, List<String>> read = new TreeMap<>();
    List<String> selects = new ArrayList<>();
    views.keySet().forEach(key -> selects.add("SELECT '" + key + "', tag, n FROM " + quotedView(key)));
    try {
      for (String row : selects.isEmpty() ? List.<String>of() : db.rows(String.join(" UNION ALL ", selects))) {
        int bar = row.indexOf('|');
        read.computeIfAbsent(row.substring(0, bar), k -> new ArrayList<>()).add(row.substring(bar + 1));
      }
    } catch (SQLException e) {
      for (String key : views.keySet()) {
        try {
          read.put(key, db.rows("SELECT tag, n FROM " + quotedView(key)));
        } catch (SQLException ex) {
          read.put(key, List.of("ERROR " + FuzzBackend.firstLine(ex.getMessage())));
        }
      }
    }
    views.forEach((key, row) -> {
      List<String> rows = read.getOrDefault(key, List.of());
      if (!rows.equals(List.of(row))) {
        problems.add(key.replace(" ", ": the view of ") + " reads " + rows + ", the world [" + row + "]");
      }
    });
    if (!problems.isEmpty()) {
      throw violation("world", "After this step the backend does not hold what the environments should:\n    "
          + String.join("\n    ", problems), null);
    }
  }

  /** The view of {@code "<env> <model>"}, quoted. */
  private static String quotedView(String key) {
    String env = key.substring(0, key.indexOf(' '));
    String model = key.substring(key.indexOf(' ') + 1);
    return FuzzBackend.quote(viewSchema(schema(model), env)) + "." + FuzzBackend.quote(table(model));
  }

  // ---------------------------------------------------------------------------------------------
  // Connections

  private String connect(Connect s) throws SQLException {
    closeQuietly(s.slot());
    boolean existed = envs.containsKey(s.env());
    EnvState wanted = null;
    String options = "";
    if (s.models() != null) {
      Path dir = s.models().write(newRepoDir());
      wanted = FuzzWorld.state(s.models(), dir, db.dialect());
      options = "models=" + dir.toAbsolutePath() + (s.refreshAuto() ? "&refresh=auto" : "");
    }
    if (s.currentSchema() != null) {
      options += (options.isEmpty() ? "" : "&") + "currentSchema=" + s.currentSchema();
    }
    String url = s.envOption() ? db.venvUrlWithEnvOption(s.env(), options) : db.venvUrl(s.env(), options);
    Properties properties = db.properties();
    Connection c;
    try {
      c = new VenvDriver().connect(url, properties);
    } catch (SQLException e) {
      if (!existed && s.models() == null && "08001".equals(e.getSQLState())) {
        checkDigest();
        return "refused: no " + s.env();
      }
      throw violation("connect", "connecting to " + url + " failed: " + describe(e), e);
    } catch (RuntimeException e) {
      throw violation("connect", "connecting to " + url + " threw " + describe(e), e);
    }
    if (!existed && s.models() == null) {
      c.close();
      throw violation("connect", "connecting to the missing environment " + s.env() + " without models succeeded", null);
    }
    Slot slot = new Slot();
    slot.connection = c;
    slot.env = s.env();
    slot.connectedAt = index - 1;
    slots[s.slot()] = slot;
    boolean changed = false;
    if (!existed || s.refreshAuto()) {
      // refresh=auto moves the environment to the repository (a metadata-only change too)
      envs.put(s.env(), wanted);
      changed = true;
    }
    slot.pinned = envs.get(s.env());
    String schema = s.currentSchema() != null && !db.duckdb() ? s.currentSchema() : db.defaultSchema();
    slot.paths.add(List.of(schema));
    slot.initialPath = List.of(schema);
    if (changed) {
      rebaseline();
      return "connected, " + (existed ? "refreshed" : "created");
    }
    checkDigest();
    return "connected";
  }

  private void closeQuietly(int slot) {
    Slot s = slots[slot];
    slots[slot] = null;
    if (s != null) {
      try {
        s.connection.close();
      } catch (SQLException ignored) {
        // closing is not under test here
      }
    }
  }

  private Statement shared(Slot slot) throws SQLException {
    if (slot.shared == null) {
      slot.shared = slot.connection.createStatement();
    }
    return slot.shared;
  }

  // ---------------------------------------------------------------------------------------------
  // Session schema

  private String session(Session s) throws SQLException {
    Slot slot = slots[s.slot()];
    Set<String> allowed = sessionOutcomes(slot, s);
    String actual = outcome("The session statement", () -> {
      if (s.sql() == null) {
        slot.connection.setSchema(s.schemas().get(0));
      } else {
        send(slot, s.sql(), s.via());
      }
    });
    if (!allowed.contains(actual)) {
      throw violation("session", slotContext(slot) + "\n  expected one of: " + allowed + "\n  actual: " + actual
          + (actual.equals("ok") ? "" : " (" + lastError + ")"), null);
    }
    if (actual.equals("ok")) {
      slot.paths = new LinkedHashSet<>(List.of(pathAfter(slot, s)));
    }
    return actual;
  }

  /** The path a session step leaves: what it names, or for RESET the one the connection started on. */
  private static List<String> pathAfter(Slot slot, Session s) {
    boolean reset = s.sql() != null && s.sql().strip().toUpperCase(java.util.Locale.ROOT).startsWith("RESET");
    return reset ? slot.initialPath : s.schemas();
  }

  /** "ok" always; refusals too unless every schema is one the connection surely may use. */
  private Set<String> sessionOutcomes(Slot slot, Session s) {
    Set<String> allowed = new TreeSet<>(List.of("ok"));
    boolean sure = true;
    for (String schema : pathAfter(slot, s)) {
      sure &= slot.pinned.schemas().contains(schema) && schemaExists(viewSchema(schema, slot.env))
          || schema.equals(FuzzBackend.SCRATCH) || schema.equals(db.defaultSchema());
    }
    if (!sure) {
      allowed.addAll(List.of("refused 42P01", "refused 3F000", "refused 42501", "refused 42000"));
      if (db.onTrino()) {
        allowed.add("refused 42704"); // Trino's USE of a schema that does not exist: NOT_FOUND
      }
    }
    if (s.opaque()) {
      allowed.add("refused 42000");
    }
    return allowed;
  }

  // ---------------------------------------------------------------------------------------------
  // Reads

  private String read(Read s) throws SQLException {
    Slot slot = slots[s.slot()];
    Map<List<String>, Set<String>> expected = new LinkedHashMap<>();
    for (List<String> path : slot.paths) {
      expected.put(path, readOutcomes(slot, s, path));
    }
    String actual = executeRead(slot, s);
    return check(slot, "read", expected, actual, s);
  }

  private String executeRead(Slot slot, Read s) throws SQLException {
    String sql = sql(s.sql());
    try {
      List<String> rows;
      switch (s.via()) {
        case EXECUTE_QUERY -> {
          try (Statement st = slot.connection.createStatement()) {
            rows = rows(st.executeQuery(sql));
          }
        }
        case EXECUTE -> {
          Statement st = shared(slot);
          if (!st.execute(sql)) {
            return "no result set";
          }
          rows = rows(st.getResultSet());
        }
        case PREPARED -> {
          try (PreparedStatement ps = slot.connection.prepareStatement(sql)) {
            if (sql.contains("?")) {
              ps.setInt(1, -1);
            }
            rows = rows(ps.executeQuery());
          }
        }
        case CTAS_INTO_SCRATCH -> {
          String copy = FuzzBackend.SCRATCH + ".copy_" + index;
          try (Statement st = slot.connection.createStatement()) {
            st.executeUpdate("CREATE TABLE " + copy + " AS " + sql);
          }
          rows = db.rows("SELECT tag, n FROM " + copy);
          try (Statement raw = db.raw.createStatement()) {
            raw.execute("DROP TABLE " + copy);
          }
        }
        default -> throw new IllegalArgumentException(s.via().toString());
      }
      return rowsLabel(rows);
    } catch (SQLException e) {
      return label(e);
    } catch (RuntimeException e) {
      throw violation("unexpected-exception", "The read threw " + describe(e), e);
    }
  }

  private Set<String> readOutcomes(Slot slot, Read s, List<String> path) {
    List<Set<Out>> perRef = new ArrayList<>();
    for (Ref ref : s.refs()) {
      perRef.add(refOutcomes(slot, ref, path));
    }
    Set<String> labels = new TreeSet<>();
    if (perRef.size() == 1) {
      perRef.get(0).forEach(o -> labels.add(o.any() ? ANY_ROWS : o.rows == null ? "refused " + o.error : rowsLabel(o.rows)));
      return labels;
    }
    for (Out a : perRef.get(0)) {
      for (Out b : perRef.get(1)) {
        if (a.error != null || b.error != null) {
          labels.add("refused " + (a.error != null ? a.error : b.error));
          continue;
        }
        if (a.any() || b.any()) {
          labels.add(ANY_ROWS);
          continue;
        }
        labels.add(rowsLabel(combine(s.shape(), a.rows, b.rows)));
      }
    }
    return labels;
  }

  private static List<String> combine(Shape shape, List<String> a, List<String> b) {
    List<String> out = new ArrayList<>();
    switch (shape) {
      case UNION -> {
        out.addAll(a);
        out.addAll(b);
      }
      case JOIN -> {
        for (String x : a) {
          for (String y : b) {
            String[] l = x.split("\\|");
            String[] r = y.split("\\|");
            out.add(l[0] + "+" + r[0] + "|" + (Integer.parseInt(l[1]) + Integer.parseInt(r[1])));
          }
        }
      }
      case SEMI -> {
        Set<String> ns = new TreeSet<>();
        b.forEach(y -> ns.add(y.split("\\|")[1]));
        a.stream().filter(x -> ns.contains(x.split("\\|")[1])).forEach(out::add);
      }
      default -> out.addAll(a);
    }
    return out;
  }

  /** Any rows at all: what a tolerated (skipKnown) read may return. */
  private static final String ANY_ROWS = "rows *";

  /** A possible outcome of reading one reference: rows, or an error state; neither is "any rows". */
  private record Out(List<String> rows, String error) {
    static final Out ANY = new Out(null, null);

    boolean any() {
      return rows == null && error == null;
    }

    static Out rows(String... rows) {
      return new Out(List.of(rows), null);
    }

    static Out rows(List<String> rows) {
      return new Out(List.copyOf(rows), null);
    }

    static Out error(String state) {
      return new Out(null, state);
    }
  }

  /** The contract for reading one reference on this connection with this search path. */
  private Set<Out> refOutcomes(Slot slot, Ref ref, List<String> path) {
    Set<Out> out = new LinkedHashSet<>();
    EnvState pinned = slot.pinned;
    if (ref instanceof Ref.Model r) {
      if (pinned.holds(r.model())) {
        pinnedRows(slot, r.model(), out);
      } else {
        out.add(Out.error("42P01"));
        if (skip.contains("unheld-read")) {
          anyRows(r.model(), out);
        }
        if (skip.contains("unpinned-read") && envs.containsKey(slot.env) && envs.get(slot.env).holds(r.model())) {
          out.add(Out.rows(envs.get(slot.env).snaps().get(r.model()).row()));
        }
      }
    } else if (ref instanceof Ref.View r) {
      if (r.env().equals(slot.env) && pinned.holds(r.model())) {
        pinnedRows(slot, r.model(), out);
        out.add(Out.error("42P01")); // the own view schema may be refused rather than routed
        unpinned(r.env(), r.model(), out);
      } else {
        out.add(Out.error("42P01"));
        if (skip.contains("other-view-read") && envs.containsKey(r.env()) && envs.get(r.env()).holds(r.model())) {
          out.add(Out.rows(envs.get(r.env()).snaps().get(r.model()).row()));
        }
        if (skip.contains("unpinned-read") && r.env().equals(slot.env) && envs.containsKey(r.env())
            && envs.get(r.env()).holds(r.model())) {
          out.add(Out.rows(envs.get(r.env()).snaps().get(r.model()).row()));
        }
      }
    } else if (ref instanceof Ref.Physical r) {
      String name = r.schema() + "." + r.table();
      out.add(Out.error("42P01"));
      for (Snap snap : pinned.snaps().values()) {
        if (snap.physical().toString().equals(name)) {
          out.add(Out.rows(snap.row())); // its own snapshot's object: routed or refused
        }
      }
      if (skip.contains("physical-read")) {
        out.add(Out.ANY);
      }
    } else if (ref instanceof Ref.Scratch r) {
      out.add(Out.rows(scratch.get(r.table())));
    } else if (ref instanceof Ref.Bare r) {
      bareOutcomes(slot, r.table(), path, 0, out);
    }
    return out;
  }

  /** A bare name resolves through the search path: the first schema that has it decides. */
  private void bareOutcomes(Slot slot, String table, List<String> path, int i, Set<Out> out) {
    if (i == path.size()) {
      out.add(Out.error("42P01"));
      return;
    }
    String schema = path.get(i);
    String modelSchema = modelSchemaOf(schema);
    if (modelSchema != null && !schema.startsWith("venv__")) {
      String model = modelSchema + "." + table;
      String viewEnv = schema.equals(modelSchema) ? slot.env : schema.substring(modelSchema.length() + 2);
      if (viewEnv.equals(slot.env) && slot.pinned.holds(model)) {
        pinnedRows(slot, model, out);
        if (!schema.equals(modelSchema)) {
          out.add(Out.error("42P01")); // the own view schema may be refused rather than routed
        }
        unpinned(slot.env, model, out);
        if (skip.contains("unpinned-read") && !(envs.containsKey(slot.env) && envs.get(slot.env).holds(model))) {
          bareOutcomes(slot, table, path, i + 1, out); // the view is gone: the backend looks further
        }
        return;
      }
      if (FuzzWorld.BY_NAME.containsKey(model)) {
        out.add(Out.error("42P01"));
        if (skip.contains("unpinned-read") && viewEnv.equals(slot.env) && envs.containsKey(slot.env)
            && envs.get(slot.env).holds(model)) {
          out.add(Out.rows(envs.get(slot.env).snaps().get(model).row()));
        }
        if (!viewEnv.equals(slot.env) && objects().contains(schema + "." + table)) {
          // another environment's view exists: reading it is never right
          if (skip.contains("other-view-read") || skip.contains("unheld-read")) {
            anyRows(model, out);
          }
          return;
        }
        if (skip.contains("unheld-read")) {
          anyRows(model, out);
        }
      }
      bareOutcomes(slot, table, path, i + 1, out);
      return;
    }
    if (schema.equals(FuzzBackend.SCRATCH) && scratch.containsKey(table)) {
      out.add(Out.rows(scratch.get(table)));
      return;
    }
    bareOutcomes(slot, table, path, i + 1, out);
  }

  /** Skipping unpinned-read: a name resolved through the environment's views reads what they show now. */
  private void unpinned(String env, String model, Set<Out> out) {
    if (skip.contains("unpinned-read")) {
      if (envs.containsKey(env) && envs.get(env).holds(model)) {
        out.add(Out.rows(envs.get(env).snaps().get(model).row()));
      } else {
        out.add(Out.error("42P01"));
      }
    }
  }

  private void pinnedRows(Slot slot, String model, Set<Out> out) {
    Snap snap = slot.pinned.snaps().get(model);
    out.add(Out.rows(snap.row()));
    Set<String> objects = objects();
    if (snap.needs().stream().anyMatch(p -> !objects.contains(p.toString()))) {
      out.add(Out.error("42P01")); // the janitor dropped a pinned object: "does not exist"
    }
  }

  /** Whether the janitor dropped an object the slot's pinned snapshots read. */
  private boolean pinnedObjectGone(Slot slot) {
    Set<String> objects = objects();
    return slot.pinned.snaps().values().stream()
        .anyMatch(snap -> snap.needs().stream().anyMatch(p -> !objects.contains(p.toString())));
  }

  private void anyRows(String model, Set<Out> out) {
    allSnaps().stream().filter(x -> x.model().equals(model)).forEach(x -> out.add(Out.rows(x.row())));
  }

  private List<Snap> allSnaps() {
    List<Snap> all = new ArrayList<>();
    envs.values().forEach(e -> all.addAll(e.snaps().values()));
    for (Slot slot : slots) {
      if (slot != null) {
        all.addAll(slot.pinned.snaps().values());
      }
    }
    return all;
  }

  // ---------------------------------------------------------------------------------------------
  // Writes

  /** A possible outcome of a write: {@code ok} with its effect on scratch, or {@code refused <state>}. */
  private record WriteOut(String label, String table, Effect effect) {}

  private String write(Write s) throws SQLException {
    Slot slot = slots[s.slot()];
    Map<List<String>, Set<WriteOut>> expected = new LinkedHashMap<>();
    for (List<String> path : slot.paths) {
      expected.put(path, writeOutcomes(slot, s.target(), s.effect(), path));
    }
    String actual = outcome("The write", () -> send(slot, s.sql(), s.via()));
    Map<List<String>, Set<String>> labels = new LinkedHashMap<>();
    expected.forEach((path, outs) -> {
      Set<String> l = new TreeSet<>();
      outs.forEach(o -> l.add(o.label()));
      labels.put(path, l);
    });
    check(slot, writeKind(slot, s, actual), labels, actual, s);
    if (actual.equals("ok")) {
      Set<WriteOut> effects = new LinkedHashSet<>();
      expected.forEach((path, outs) -> {
        if (slot.paths.contains(path)) {
          outs.stream().filter(o -> o.label().equals("ok")).forEach(effects::add);
        }
      });
      if (effects.size() == 1) {
        WriteOut o = effects.iterator().next();
        if (o.table() != null) {
          apply(o.table(), o.effect());
          if (!inTransaction) {
            checkScratch(o.table());
          }
        }
      } else {
        resyncScratch();
      }
    }
    return actual;
  }

  private String writeKind(Slot slot, Write s, String actual) {
    if (s.target() instanceof Target.Of of && of.ref() instanceof Ref.Bare b) {
      return "write-" + bareCategory(slot, b.table());
    }
    if (s.target() instanceof Target.Of of && of.ref() instanceof Ref.Scratch) {
      return "write-scratch";
    }
    if (s.target() instanceof Target.CreateIn) {
      return "create-in";
    }
    if (s.target() instanceof Target.Of of && of.ref() instanceof Ref.Model m) {
      return slot.pinned.holds(m.model()) ? "write-model" : "write-unheld";
    }
    if (s.target() instanceof Target.Of of && of.ref() instanceof Ref.View v) {
      return v.env().equals(slot.env) ? "write-own-view" : "write-other-view";
    }
    if (s.target() instanceof Target.Of of && of.ref() instanceof Ref.Physical) {
      return "write-physical";
    }
    return "write-schema";
  }

  private Set<WriteOut> writeOutcomes(Slot slot, Target target, Effect effect, List<String> path) {
    Set<WriteOut> out = new LinkedHashSet<>();
    Set<String> objects = objects();
    if (target instanceof Target.Schema sc) {
      out.add(refused("42501"));
      if (!schemaExists(sc.schema())) {
        out.add(refused("3F000"));
        out.add(refused("42P01"));
      }
    } else if (target instanceof Target.CreateIn c) {
      String schema = c.schema() != null ? c.schema() : path.get(0);
      if (isVenvSchema(schema)) {
        out.add(refused("42501"));
        if (c.schema() == null) {
          // the driver takes a session off a model schema its environment holds nothing in: with
          // nothing else on the path, PostgreSQL has no schema to create in
          out.add(refused("3F000"));
        }
        if (!schemaExists(schema)) {
          out.add(refused("3F000"));
          out.add(refused("42P01"));
        }
      } else {
        out.add(new WriteOut("ok", null, Effect.NONE));
        if (pinnedObjectGone(slot)) {
          out.add(refused("42P01")); // CREATE … AS SELECT reads a snapshot the janitor dropped
        }
      }
    } else if (target instanceof Target.Of of) {
      Ref ref = of.ref();
      if (ref instanceof Ref.Scratch r) {
        out.add(new WriteOut("ok", r.table(), effect));
      } else if (ref instanceof Ref.Bare r) {
        bareWriteOutcomes(slot, r.table(), effect, path, 0, out);
      } else {
        // a model, a view or a physical object: refused with 42501; only a name that is nobody's
        // model or object may fail as missing instead
        out.add(refused("42501"));
        boolean missing = false;
        if (ref instanceof Ref.Model r) {
          missing = !slot.pinned.holds(r.model()) && envs.values().stream().noneMatch(e -> e.holds(r.model()));
        } else if (ref instanceof Ref.View r) {
          missing = !objects.contains(viewSchema(schema(r.model()), r.env()) + "." + table(r.model()));
        } else if (ref instanceof Ref.Physical r) {
          missing = !objects.contains(r.schema() + "." + r.table());
        }
        if (missing) {
          out.add(refused("42P01"));
          out.add(refused("3F000"));
        }
      }
    }
    return out;
  }

  private void bareWriteOutcomes(Slot slot, String table, Effect effect, List<String> path, int i, Set<WriteOut> out) {
    if (i == path.size()) {
      out.add(refused("42P01"));
      out.add(refused("42501"));
      return;
    }
    String schema = path.get(i);
    String modelSchema = modelSchemaOf(schema);
    if (modelSchema != null && !schema.startsWith("venv__")) {
      String model = modelSchema + "." + table;
      String viewEnv = schema.equals(modelSchema) ? slot.env : schema.substring(modelSchema.length() + 2);
      // a logical model schema means this environment's views; an explicit view schema is what it says
      boolean venvObject = schema.equals(modelSchema) ? slot.pinned.holds(model)
          : viewEnv.equals(slot.env) && slot.pinned.holds(model) || objects().contains(schema + "." + table);
      if (venvObject) {
        out.add(refused("42501"));
        if (!viewEnv.equals(slot.env)) {
          // the driver takes a session off another environment's view schema (a computed path
          // may have put it there): the name then resolves further down the path
          bareWriteOutcomes(slot, table, effect, path, i + 1, out);
        }
        return;
      }
      if (FuzzWorld.BY_NAME.containsKey(model)) {
        out.add(refused("42501"));
        out.add(refused("42P01"));
      }
      bareWriteOutcomes(slot, table, effect, path, i + 1, out);
      if (skip.contains("search-path-over-refusal")) {
        out.add(refused("42501"));
      }
      return;
    }
    if (schema.equals(FuzzBackend.SCRATCH) && scratch.containsKey(table)) {
      out.add(new WriteOut("ok", table, effect));
      if (skip.contains("search-path-over-refusal") && path.stream().anyMatch(p -> modelSchemaOf(p) != null)) {
        out.add(refused("42501"));
      }
      return;
    }
    bareWriteOutcomes(slot, table, effect, path, i + 1, out);
  }

  private static WriteOut refused(String state) {
    return new WriteOut("refused " + state, null, null);
  }

  private void apply(String table, Effect effect) {
    List<String> rows = scratch.get(table);
    int k = effect.k();
    switch (effect.verb()) {
      case "insert" -> rows.add("ins#" + k + "|" + k);
      case "delete" -> rows.removeIf(r -> r.endsWith("|" + k));
      case "update" -> {
        for (int i = 0; i < rows.size(); i++) {
          String[] parts = rows.get(i).split("\\|");
          if (parts[1].equals(String.valueOf(k))) {
            rows.set(i, parts[0] + "|" + (k + 1000));
          }
        }
      }
      case "clear" -> rows.clear();
      default -> throw new IllegalArgumentException(effect.verb());
    }
  }

  private void checkScratch(String table) throws SQLException {
    List<String> actual = sorted(db.rows("SELECT tag, n FROM " + FuzzBackend.SCRATCH + "." + table));
    if (!actual.equals(sorted(scratch.get(table)))) {
      throw violation("scratch", "The user's table " + FuzzBackend.SCRATCH + "." + table + " holds " + actual
          + " after this write; it should hold " + sorted(scratch.get(table)), null);
    }
  }

  private void resyncScratch() throws SQLException {
    for (String table : SCRATCH_TABLES) {
      scratch.put(table, new ArrayList<>(db.rows("SELECT tag, n FROM " + FuzzBackend.SCRATCH + "." + table)));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Batches

  private String batch(Batch s) throws SQLException {
    Slot slot = slots[s.slot()];
    // Simulate: per starting path, every way the items may go; a must-refuse item fixes the state it needs.
    Set<String> allowedStates = new TreeSet<>();
    Set<String> mustRefuseStates = null;
    boolean mustRefuseStrict = true;
    boolean mayFail = false;
    Set<List<String>> paths = new LinkedHashSet<>(slot.paths);
    Set<List<String>> everyPath = new LinkedHashSet<>(slot.paths);
    List<Set<WriteOut>> writeOuts = new ArrayList<>();
    // After a RESET or a search path computed at run time, the driver cannot tell from the text
    // where a later unqualified name lands: it may refuse it with 42000 rather than guess.
    boolean pathUnknowable = false;
    for (FuzzStep item : s.items()) {
      if (item instanceof Session session) {
        pathUnknowable |= session.opaque() || session.sql() != null
            && session.sql().strip().toUpperCase(java.util.Locale.ROOT).startsWith("RESET");
        Set<String> outs = sessionOutcomes(slot, session);
        Set<List<String>> next = new LinkedHashSet<>();
        next.add(pathAfter(slot, session));
        if (outs.size() > 1) {
          mayFail = true;
          next.addAll(paths);
          outs.stream().filter(o -> o.startsWith("refused ")).forEach(o -> allowedStates.add(o.substring(8)));
        }
        paths = next;
        everyPath.addAll(next);
      } else {
        Write write = (Write) item;
        Set<WriteOut> union = new LinkedHashSet<>();
        for (List<String> path : paths) {
          union.addAll(writeOutcomes(slot, write.target(), write.effect(), path));
        }
        if (pathUnknowable && write.target() instanceof Target.Of of && of.ref() instanceof Ref.Bare) {
          union.add(refused("42000"));
        }
        // refused on every path the session may be on: the batch must fail; ok on some: it may
        Set<String> itemRefusals = new TreeSet<>();
        union.stream().filter(o -> !o.label().equals("ok")).forEach(o -> itemRefusals.add(o.label().substring(8)));
        boolean canSucceed = union.stream().anyMatch(o -> o.label().equals("ok"));
        if (canSucceed && !itemRefusals.isEmpty()) {
          mayFail = true;
        }
        writeOuts.add(union);
        union.stream().filter(o -> !o.label().equals("ok")).forEach(o -> allowedStates.add(o.label().substring(8)));
        if (!canSucceed && mustRefuseStates == null) {
          mustRefuseStates = itemRefusals;
          // an earlier item may fail first (and stop the batch): then any allowed refusal will do
          mustRefuseStrict = !mayFail;
        }
      }
    }
    List<String> errors = new ArrayList<>();
    if (s.multi()) {
      try (Statement st = slot.connection.createStatement()) {
        boolean result = st.execute(sql(s.text()));
        while (true) {
          if (result) {
            rows(st.getResultSet());
          } else if (st.getUpdateCount() == -1) {
            break;
          }
          result = st.getMoreResults();
        }
      } catch (SQLException e) {
        errors.add(label(e));
      } catch (RuntimeException e) {
        throw violation("unexpected-exception", "The multi-statement text threw " + describe(e), e);
      }
    } else try (Statement st = slot.connection.createStatement()) {
      for (FuzzStep item : s.items()) {
        String sql = item instanceof Session session ? session.sql() : ((Write) item).sql();
        try {
          st.addBatch(sql(sql));
        } catch (SQLException e) {
          errors.add(label(e));
        }
      }
      try {
        st.executeBatch();
      } catch (SQLException e) {
        errors.add(label(e));
        if (e instanceof BatchUpdateException && e.getNextException() != null) {
          errors.add(label(e.getNextException()));
        }
      }
    } catch (SQLException e) {
      errors.add(label(e));
    } catch (RuntimeException e) {
      throw violation("unexpected-exception", "The batch threw " + describe(e), e);
    }
    String actual = errors.isEmpty() ? "ok" : String.join(", ", errors);
    if (mustRefuseStates != null) {
      Set<String> wanted = mustRefuseStrict ? mustRefuseStates : allowedStates;
      boolean refused = errors.stream().anyMatch(e -> e.startsWith("refused ") && wanted.contains(e.substring(8)));
      if (!refused) {
        throw violation("batch-write", slotContext(slot) + "\n  expected: the batch refused, with one of "
            + wanted + "\n  actual: " + actual + (errors.isEmpty() ? "" : " (" + lastError + ")"), null);
      }
    } else if (!mayFail && !errors.isEmpty()) {
      throw violation("batch-refused", slotContext(slot) + "\n  expected: ok (every item is the user's own)\n  actual: "
          + actual + " (" + lastError + ")", null);
    }
    for (String e : errors) {
      if (!e.startsWith("refused ") || !allowedStates.contains(e.substring(8))) {
        throw violation("batch-state", slotContext(slot) + "\n  expected errors among " + allowedStates
            + "\n  actual: " + actual + " (" + lastError + ")", null);
      }
    }
    if (errors.isEmpty() && !mayFail) {
      slot.paths = paths;
      if (writeOuts.stream().allMatch(outs -> outs.size() == 1)) {
        Set<String> touched = new TreeSet<>();
        for (Set<WriteOut> outs : writeOuts) {
          WriteOut o = outs.iterator().next();
          if (o.table() != null) {
            apply(o.table(), o.effect());
            touched.add(o.table());
          }
        }
        for (String table : touched) {
          checkScratch(table);
        }
      } else {
        resyncScratch();
      }
    } else {
      // which items ran is not knowable from outside: every path the batch passed through stays possible
      slot.paths = errors.isEmpty() ? paths : everyPath;
      resyncScratch();
      if (!errors.isEmpty()) {
        resyncSchemaIfSkipping(slot);
      }
    }
    return actual;
  }

  // ---------------------------------------------------------------------------------------------
  // Transactions and SQL in strings

  /** True while a step runs inside a transaction: the raw connection cannot see its writes yet. */
  private boolean inTransaction;
  /** An error happened in this transaction: the backend may now refuse everything until it ends. */
  private boolean transactionFailed;

  private String transaction(FuzzStep.Transaction s) throws SQLException {
    Slot slot = slots[s.slot()];
    Set<List<String>> before = new LinkedHashSet<>(slot.paths);
    StringBuilder outcome = new StringBuilder();
    boolean failed;
    slot.connection.setAutoCommit(false);
    inTransaction = true;
    transactionFailed = false;
    try {
      outcome.append(session(s.session()));
      for (FuzzStep item : s.items()) {
        String result = item instanceof Read r ? read(r) : write((Write) item);
        transactionFailed |= result.startsWith("refused");
        outcome.append(", ").append(result);
      }
    } finally {
      failed = transactionFailed;
      inTransaction = false;
      transactionFailed = false;
      try {
        if (s.commit()) {
          try {
            slot.connection.commit();
          } catch (SQLException e) {
            if (!failed) {
              throw e;
            }
            slot.connection.rollback(); // an aborted transaction may refuse to commit
          }
        } else {
          slot.connection.rollback();
        }
        slot.connection.setAutoCommit(true);
      } catch (SQLException e) {
        throw violation("transaction", "Ending the transaction failed: " + describe(e), e);
      }
    }
    // PostgreSQL's SET is transactional (SET LOCAL ends with the transaction; a failed
    // transaction's COMMIT rolls back); DuckDB's is not
    if (!db.duckdb() && (!s.commit() || s.local())) {
      slot.paths = before;
    } else if (!db.duckdb() && failed) {
      // an error the driver raised itself aborted nothing; one from the backend aborted the transaction
      before.addAll(slot.paths);
      slot.paths = before;
    }
    if (failed || !s.commit() || s.local()) {
      resyncSchemaIfSkipping(slot);
    }
    resyncScratch();
    return outcome.append(s.commit() ? ", committed" : ", rolled back").toString();
  }

  /**
   * Skipping schema-drift: after a failed batch, multi-statement text or transaction, or a
   * rollback, put driver and backend back on one schema, stepping over the known drift.
   */
  private void resyncSchemaIfSkipping(Slot slot) throws SQLException {
    if (!skip.contains("schema-drift")) {
      return;
    }
    try {
      slot.connection.setSchema(db.defaultSchema());
      slot.paths = new LinkedHashSet<>(List.of(List.of(db.defaultSchema())));
    } catch (SQLException e) {
      throw violation("session", "setSchema(" + db.defaultSchema() + ") to step over schema drift: " + describe(e), e);
    }
  }

  private String dynamic(FuzzStep.Dynamic s) throws SQLException {
    Slot slot = slots[s.slot()];
    String actual = outcome("The statement", () -> send(slot, s.sql(), WriteVia.EXECUTE));
    Set<String> allowed = Set.of("refused 42000", "refused 42501", "refused 42P01");
    if (!allowed.contains(actual)) {
      throw violation("dynamic-sql", slotContext(slot) + "\n  expected one of: " + allowed + " (SQL in a string that"
          + " names a model or venv's object cannot be routed)\n  actual: " + actual
          + (actual.equals("ok") ? "" : " (" + lastError + ")"), null);
    }
    return actual;
  }

  // ---------------------------------------------------------------------------------------------
  // The oracle's helpers

  private String check(Slot slot, String kind, Map<List<String>, Set<String>> expected, String actual, FuzzStep step) {
    if (transactionFailed && (actual.equals("refused 25P02") || actual.equals("refused 25000"))) {
      return actual; // an earlier error aborted the transaction: nothing more runs in it
    }
    String error = actual.startsWith("refused") ? " (" + lastError + ")" : "";
    Set<List<String>> consistent = new LinkedHashSet<>();
    Set<String> all = new TreeSet<>();
    expected.forEach((path, labels) -> {
      all.addAll(labels);
      if (labels.contains(actual) || labels.contains(ANY_ROWS) && actual.startsWith("rows ")) {
        consistent.add(path);
      }
    });
    if (consistent.isEmpty()) {
      String k = kind;
      if (step instanceof Read r) {
        k = "read-" + readCategory(slot, r);
      }
      throw violation(k, slotContext(slot) + "\n  expected one of: " + all + "\n  actual: " + actual + error
          + explain(actual), null);
    }
    slot.paths = consistent;
    return actual;
  }

  /** The kind of a read violation: what the references are to this connection. */
  private String readCategory(Slot slot, Read r) {
    Set<String> categories = new TreeSet<>();
    for (Ref ref : r.refs()) {
      if (ref instanceof Ref.Model m) {
        categories.add(slot.pinned.holds(m.model()) ? "model" : "unheld");
      } else if (ref instanceof Ref.View v) {
        categories.add(v.env().equals(slot.env) ? "own-view" : "other-view");
      } else if (ref instanceof Ref.Physical) {
        categories.add("physical");
      } else if (ref instanceof Ref.Bare b) {
        categories.add(bareCategory(slot, b.table()));
      } else {
        categories.add("scratch");
      }
    }
    return String.join("+", categories);
  }

  /** What a bare name is on this connection: the first model or view schema of the path decides. */
  String bareCategory(Slot slot, String table) {
    for (String schema : slot.paths.iterator().next()) {
      String modelSchema = modelSchemaOf(schema);
      if (modelSchema == null || schema.startsWith("venv__")) {
        if (schema.equals(FuzzBackend.SCRATCH) && scratch.containsKey(table)) {
          return "bare-scratch";
        }
        continue;
      }
      String model = modelSchema + "." + table;
      if (!FuzzWorld.BY_NAME.containsKey(model)) {
        continue;
      }
      if (!schema.equals(modelSchema)) {
        return !schema.endsWith("__" + slot.env) ? "bare-other-view"
            : slot.pinned.holds(model) ? "bare-own-view" : "bare-own-view-unheld";
      }
      return slot.pinned.holds(model) ? "bare-model" : "bare-unheld";
    }
    return "bare-missing";
  }

  /** Whose rows these are, when they are some environment's or some connection's. */
  private String explain(String actual) {
    if (!actual.startsWith("rows ")) {
      return "";
    }
    List<String> found = new ArrayList<>();
    envs.forEach((env, state) -> state.snaps().values().forEach(snap -> {
      if (actual.contains(snap.row())) {
        found.add(env + "'s current " + snap.model());
      }
    }));
    for (int i = 0; i < SLOTS; i++) {
      Slot other = slots[i];
      if (other == null) {
        continue;
      }
      for (Snap snap : other.pinned.snaps().values()) {
        if (actual.contains(snap.row())) {
          found.add("slot" + i + "'s pinned " + snap.model());
        }
      }
    }
    return found.isEmpty() ? "" : "\n  (those rows are " + String.join(", ", new LinkedHashSet<>(found)) + ")";
  }

  private String slotContext(Slot slot) {
    int at = -1;
    for (int i = 0; i < SLOTS; i++) {
      if (slots[i] == slot) {
        at = i;
      }
    }
    return "slot" + at + " is on " + slot.env + ", connected at step #" + slot.connectedAt + ", pinned "
        + pinnedRows(slot.pinned) + "; " + slot.env + " now holds "
        + (envs.containsKey(slot.env) ? pinnedRows(envs.get(slot.env)) : "nothing (gone)")
        + "; session search path " + (slot.paths.size() == 1 ? slot.paths.iterator().next() : "one of " + slot.paths);
  }

  private static String pinnedRows(EnvState state) {
    List<String> rows = new ArrayList<>();
    state.snaps().values().forEach(s -> rows.add(s.row().split("\\|")[0]));
    return rows.toString();
  }

  /** Checks that nothing venv owns changed. */
  private void checkDigest() throws SQLException {
    TreeMap<String, String> now = db.digest();
    if (now.equals(baseline)) {
      return;
    }
    List<String> changes = new ArrayList<>();
    Set<String> keys = new TreeSet<>(baseline.keySet());
    keys.addAll(now.keySet());
    for (String key : keys) {
      String a = baseline.get(key);
      String b = now.get(key);
      if (a == null) {
        changes.add("+ " + key + ": " + abbreviate(b));
      } else if (b == null) {
        changes.add("- " + key + ": " + abbreviate(a));
      } else if (!a.equals(b)) {
        changes.add("~ " + key + ": " + abbreviate(a) + "  ->  " + abbreviate(b));
      }
    }
    baseline = now;
    throw violation("digest", "This step changed venv's objects (raw backend digest), which only create, promote and"
        + " the janitor may do:\n    " + String.join("\n    ", changes), null);
  }

  Set<String> objects() {
    Set<String> objects = new TreeSet<>();
    baseline.keySet().stream().filter(k -> k.startsWith("object ")).forEach(k -> objects.add(k.substring(7)));
    return objects;
  }

  boolean schemaExists(String schema) {
    return baseline.containsKey("schema " + schema);
  }

  /** A schema that is venv's: a model schema, an environment's view schema, a physical schema, the state. */
  static boolean isVenvSchema(String schema) {
    return schema.startsWith("venv__") || schema.equals("venv_state") || modelSchemaOf(schema) != null;
  }

  /** The model schema of {@code s} or {@code s__env}, else {@code null}. */
  static String modelSchemaOf(String schema) {
    if (FuzzWorld.MODEL_SCHEMAS.contains(schema)) {
      return schema;
    }
    int sep = schema.indexOf("__");
    return sep > 0 && FuzzWorld.MODEL_SCHEMAS.contains(schema.substring(0, sep)) ? schema.substring(0, sep) : null;
  }

  static String viewSchema(String schema, String env) {
    return env.equals(PROD) ? schema : schema + "__" + env;
  }

  static String schema(String model) {
    return model.substring(0, model.indexOf('.'));
  }

  static String table(String model) {
    return model.substring(model.indexOf('.') + 1);
  }

  /** A step as the log shows it: its SQL as sent. */
  String describe(FuzzStep step) {
    return sql(step.toString());
  }

  /** The SQL to send: the catalog placeholder resolved. */
  private String sql(String text) {
    return text.replace(FuzzStep.CATALOG, db.catalog());
  }

  /** Sends one statement the way {@code via} says. */
  private void send(Slot slot, String text, WriteVia via) throws SQLException {
    String sql = sql(text);
    switch (via) {
      case EXECUTE -> {
        try (Statement st = slot.connection.createStatement()) {
          drain(st, st.execute(sql));
        }
      }
      case EXECUTE_UPDATE -> {
        try (Statement st = slot.connection.createStatement()) {
          st.executeUpdate(sql);
        }
      }
      case EXECUTE_LARGE_UPDATE -> {
        try (Statement st = slot.connection.createStatement()) {
          st.executeLargeUpdate(sql);
        }
      }
      case PREPARED -> {
        try (PreparedStatement ps = slot.connection.prepareStatement(sql)) {
          drain(ps, ps.execute());
        }
      }
      case SHARED_STATEMENT -> {
        Statement st = shared(slot);
        drain(st, st.execute(sql));
      }
      default -> throw new IllegalArgumentException(via.toString());
    }
  }

  private static void drain(Statement st, boolean resultSet) throws SQLException {
    if (resultSet) {
      rows(st.getResultSet());
    }
  }

  private static List<String> rows(ResultSet rs) throws SQLException {
    return dev.venv.testing.Rows.of(rs);
  }

  private static List<String> sorted(List<String> rows) {
    List<String> copy = new ArrayList<>(rows);
    Collections.sort(copy);
    return copy;
  }

  private static String rowsLabel(List<String> rows) {
    return "rows " + sorted(rows);
  }

  /** How an error reads in expectations: {@code refused <SQLState>} (or an error without one). */
  private String label(SQLException e) {
    lastError = e.getClass().getSimpleName() + ": " + FuzzBackend.firstLine(e.getMessage());
    String state = e.getSQLState();
    if (state == null) {
      return "refused <no SQLState> " + FuzzBackend.firstLine(e.getMessage());
    }
    String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
    if (db.onTrino() && state.equals("3F000")) {
      // Trino's SCHEMA_NOT_FOUND: a name, bare under a session schema that does not exist or
      // qualified with one, is not there, as PostgreSQL's 42P01 says of it
      return "refused 42P01";
    }
    if (db.duckdb() && state.equals("42000") && skip.contains("duckdb-42000")
        && (message.contains("does not exist") || message.contains("not found"))) {
      return "refused 42P01";
    }
    return "refused " + state;
  }

  private static String describe(Throwable e) {
    String state = e instanceof SQLException s ? " [SQLState " + s.getSQLState() + "]" : "";
    return e.getClass().getSimpleName() + ": " + FuzzBackend.firstLine(e.getMessage()) + state;
  }

  private static String abbreviate(String text) {
    String flat = text.replace("\n", " / ");
    return flat.length() <= 300 ? flat : flat.substring(0, 297) + "...";
  }

  private Violation violation(String kind, String message, Throwable cause) {
    Violation v = new Violation(kind, index - 1, message);
    if (cause != null) {
      v.initCause(cause);
    }
    return v;
  }
}
