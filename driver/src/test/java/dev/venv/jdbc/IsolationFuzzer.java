package dev.venv.jdbc;

import dev.venv.env.Janitor;
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
import dev.venv.jdbc.FuzzWorld.EnvState;
import dev.venv.jdbc.FuzzWorld.Model;
import dev.venv.jdbc.FuzzWorld.Repo;
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
 * The isolation fuzzer: generates steps from a seed, runs them through the venv driver, and after
 * each one checks the contract of issue 7 (see {@link IsolationFuzzTest}). A broken promise is
 * thrown as a {@link Violation}, which names its kind, the step, what was expected and what
 * happened.
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
  private static final class Slot {
    Connection connection;
    Statement shared;
    String env;
    int connectedAt;
    EnvState pinned;
    /** The session's search path, lower case; several candidates when a step left it uncertain. */
    Set<List<String>> paths = new LinkedHashSet<>();
  }

  private final FuzzBackend db;
  private final Path work;
  private final Set<String> skip;
  private Random random;
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

  /** What each step did, {@code #i step → outcome}. */
  List<String> log() {
    return log;
  }

  // ---------------------------------------------------------------------------------------------
  // Running

  /** Generates and runs {@code count} steps from {@code seed}; returns them all (the last one failed when thrown). */
  List<FuzzStep> generateAndRun(long seed, int count, List<FuzzStep> done) throws SQLException {
    random = new Random(seed);
    for (FuzzStep step : setup()) {
      if (done.size() >= count) {
        break;
      }
      done.add(step);
      run(step);
    }
    while (done.size() < count) {
      FuzzStep step = generate();
      done.add(step);
      run(step);
    }
    return done;
  }

  /** Runs given steps (a replay, or a subsequence of a failing run). */
  void replay(List<FuzzStep> steps) throws SQLException {
    random = new Random(0);
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
      log.add("#" + i + " " + step + "  => VIOLATION " + v.kind);
      throw v;
    } catch (SQLException | RuntimeException e) {
      log.add("#" + i + " " + step + "  => " + e);
      throw violation("harness", "The step threw where the oracle did not expect it: " + e, e);
    }
    log.add("#" + i + " " + step + "  => " + outcome + "  (" + (System.nanoTime() - start) / 1_000_000 + " ms)");
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
    Set<String> recorded = new TreeSet<>(db.rows("SELECT name FROM venv_state.environments"));
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
    String actual;
    try {
      if (s.sql() == null) {
        slot.connection.setSchema(s.schemas().get(0));
      } else {
        send(slot, s.sql(), s.via());
      }
      actual = "ok";
    } catch (SQLException e) {
      actual = label(e);
    } catch (RuntimeException e) {
      throw violation("unexpected-exception", "The session statement threw " + describe(e), e);
    }
    if (!allowed.contains(actual)) {
      throw violation("session", slotContext(slot) + "\n  expected one of: " + allowed + "\n  actual: " + actual
          + (actual.equals("ok") ? "" : " (" + lastError + ")"), null);
    }
    if (actual.equals("ok")) {
      slot.paths = new LinkedHashSet<>(List.of(s.schemas()));
    }
    return actual;
  }

  /** "ok" always; refusals too unless every schema is one the connection surely may use. */
  private Set<String> sessionOutcomes(Slot slot, Session s) {
    Set<String> allowed = new TreeSet<>(List.of("ok"));
    boolean sure = true;
    for (String schema : s.schemas()) {
      sure &= slot.pinned.schemas().contains(schema) && schemaExists(viewSchema(schema, slot.env))
          || schema.equals(FuzzBackend.SCRATCH) || schema.equals(db.defaultSchema());
    }
    if (!sure) {
      allowed.addAll(List.of("refused 42P01", "refused 3F000", "refused 42501", "refused 42000"));
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
    try {
      List<String> rows;
      switch (s.via()) {
        case EXECUTE_QUERY -> {
          try (Statement st = slot.connection.createStatement()) {
            rows = rows(st.executeQuery(s.sql()));
          }
        }
        case EXECUTE -> {
          Statement st = shared(slot);
          if (!st.execute(s.sql())) {
            return "no result set";
          }
          rows = rows(st.getResultSet());
        }
        case PREPARED -> {
          try (PreparedStatement ps = slot.connection.prepareStatement(s.sql())) {
            if (s.sql().contains("?")) {
              ps.setInt(1, -1);
            }
            rows = rows(ps.executeQuery());
          }
        }
        case CTAS_INTO_SCRATCH -> {
          String copy = FuzzBackend.SCRATCH + ".copy_" + index;
          try (Statement st = slot.connection.createStatement()) {
            st.executeUpdate("CREATE TABLE " + copy + " AS " + s.sql());
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
    String actual;
    try {
      send(slot, s.sql(), s.via());
      actual = "ok";
    } catch (SQLException e) {
      actual = label(e);
    } catch (RuntimeException e) {
      throw violation("unexpected-exception", "The write threw " + describe(e), e);
    }
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
        if (!schemaExists(schema)) {
          out.add(refused("3F000"));
          out.add(refused("42P01"));
        }
      } else {
        out.add(new WriteOut("ok", null, Effect.NONE));
      }
    } else if (target instanceof Target.Of of) {
      Ref ref = of.ref();
      if (ref instanceof Ref.Model r) {
        out.add(refused("42501"));
        if (!slot.pinned.holds(r.model())) {
          out.add(refused("42P01"));
        }
      } else if (ref instanceof Ref.View r) {
        out.add(refused("42501"));
        if (!objects.contains(viewSchema(schema(r.model()), r.env()) + "." + table(r.model()))) {
          out.add(refused("42P01"));
        }
      } else if (ref instanceof Ref.Physical r) {
        out.add(refused("42501"));
        if (!objects.contains(r.schema() + "." + r.table())) {
          out.add(refused("42P01"));
        }
      } else if (ref instanceof Ref.Scratch r) {
        out.add(new WriteOut("ok", r.table(), effect));
      } else if (ref instanceof Ref.Bare r) {
        bareWriteOutcomes(slot, r.table(), effect, path, 0, out);
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
    for (FuzzStep item : s.items()) {
      if (item instanceof Session session) {
        Set<String> outs = sessionOutcomes(slot, session);
        Set<List<String>> next = new LinkedHashSet<>();
        next.add(session.schemas());
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
        boolean result = st.execute(s.text());
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
          st.addBatch(sql);
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
    String actual;
    try {
      send(slot, s.sql(), WriteVia.EXECUTE);
      actual = "ok";
    } catch (SQLException e) {
      actual = label(e);
    } catch (RuntimeException e) {
      throw violation("unexpected-exception", "The statement threw " + describe(e), e);
    }
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
  private String bareCategory(Slot slot, String table) {
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
        return schema.endsWith("__" + slot.env) ? "bare-own-view" : "bare-other-view";
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

  private Set<String> objects() {
    Set<String> objects = new TreeSet<>();
    baseline.keySet().stream().filter(k -> k.startsWith("object ")).forEach(k -> objects.add(k.substring(7)));
    return objects;
  }

  private boolean schemaExists(String schema) {
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

  /** Sends one statement the way {@code via} says. */
  private void send(Slot slot, String sql, WriteVia via) throws SQLException {
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
    try (rs) {
      List<String> rows = new ArrayList<>();
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          row.append(i > 1 ? "|" : "").append(rs.getString(i));
        }
        rows.add(row.toString());
      }
      return rows;
    }
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

  // ---------------------------------------------------------------------------------------------
  // Generation

  private boolean twins() {
    return !skip.contains("twins");
  }

  /** prod with a model dev lacks; dev with a new model and changes; pr_1, created on connect, with a schema of its own. */
  private List<FuzzStep> setup() {
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

  private FuzzStep generate() {
    List<Integer> open = new ArrayList<>();
    for (int i = 0; i < SLOTS; i++) {
      if (slots[i] != null) {
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
      return generateBatch(slot);
    } else if (r < 0.26) {
      return generateTransaction(slot);
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
    if (!envs.containsKey(env) ? random.nextInt(6) > 0 : random.nextInt(8) == 0) {
      models = Repo.random(random, env.equals("pr_1") ? Set.of("lab.probe") : Set.of(), Set.of(), twins());
      refresh = !env.equals(PROD) && envs.containsKey(env) && random.nextBoolean();
    }
    String currentSchema = !db.duckdb() && !skip.contains("current-schema") && random.nextInt(5) == 0 ? pick(List.of("sales", "marts", "scratch", "lab")) : null;
    return new Connect(slot, env, random.nextInt(4) == 0, models, refresh, currentSchema);
  }

  // --- session

  private Session generateSession(int slot) {
    return sessionStep(slot, sessionTargets(slots[slot]), random.nextInt(5) == 0);
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
    String x = schemas.get(0);
    if (db.duckdb()) {
      if (schemas.size() > 1) {
        return new Session(slot, "SET search_path = '" + String.join(",", schemas) + "'", schemas, false, via);
      }
      String sql = switch (random.nextInt(6)) {
        case 0 -> "USE " + x;
        case 1 -> "USE " + x.toUpperCase(Locale.ROOT);
        case 2 -> "USE " + db.catalog() + "." + x;
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
    Slot s = slots[slot];
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
      objects().stream().filter(o -> o.startsWith("venv__")).forEach(physical::add);
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
    Slot s = slots[slot];
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
        type.equals("TABLE") ? "ALTER TABLE " + x + " ADD COLUMN evil INTEGER" : "ALTER VIEW " + x + " RENAME TO evil_" + index,
        "CREATE OR REPLACE VIEW " + x + " AS SELECT 'evil' AS tag, 666 AS n",
        "COMMENT ON " + type + " " + x + " IS 'evil'",
        "COMMENT ON COLUMN " + x + ".tag IS 'evil'",
        "MERGE INTO " + x + " AS t USING (SELECT 1 AS k) AS s ON t.n >= 0 WHEN MATCHED THEN DELETE"));
    if (duck) {
      verbs.add("CREATE OR REPLACE TABLE " + x + " AS SELECT 'evil' AS tag, 666 AS n");
    } else {
      verbs.add("WITH d AS (DELETE FROM " + x + " RETURNING *) SELECT count(*) FROM d");
      verbs.add("ALTER TABLE " + x + " RENAME TO evil_" + index);
    }
    if (type.equals("TABLE")) {
      verbs.add("CREATE INDEX evil_" + index + " ON " + x + " (n)");
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
    String value = name == null ? null : baseline.get("object " + name);
    return value != null && value.startsWith("VIEW") ? "VIEW" : "TABLE";
  }

  private Write generateScratchWrite(int slot) {
    Slot s = slots[slot];
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
    String category = bareCategory(slots[slot], table);
    if (skip.contains("unheld-write") && (category.equals("bare-unheld") || category.equals("bare-other-view"))) {
      table = "notes";
    }
    Effect effect = effect(scratch.containsKey(table) ? table : "notes");
    String x = pick(List.of(table, table.toUpperCase(Locale.ROOT), "\"" + table + "\""));
    return new Write(slot, scratchSql(x, effect), new Target.Of(new Ref.Bare(table)), effect,
        pick(List.of(WriteVia.EXECUTE, WriteVia.EXECUTE_UPDATE, WriteVia.PREPARED, WriteVia.SHARED_STATEMENT)));
  }

  private Effect effect(String table) {
    List<String> rows = scratch.get(table);
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
    Slot s = slots[slot];
    String name = "mine_" + index;
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
    Slot s = slots[slot];
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
    Slot s = slots[slot];
    // a schema the connection surely may use: a refused SET would abort the transaction on PostgreSQL
    List<String> sure = new ArrayList<>(List.of(FuzzBackend.SCRATCH, db.defaultSchema()));
    s.pinned.schemas().stream().filter(x -> schemaExists(viewSchema(x, s.env))).forEach(sure::add);
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
    Slot s = slots[slot];
    Ref ref = random.nextBoolean() ? new Ref.Model(someModel(s)) : somePhysical(s);
    if (ref == null) {
      ref = new Ref.Model(someModel(s));
    }
    String name = spell(ref);
    String sql;
    if (db.duckdb()) {
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
    boolean duck = db.duckdb();
    if (ref instanceof Ref.Model m) {
      String s = schema(m.model());
      String t = table(m.model());
      return switch (random.nextInt(9)) {
        case 0 -> m.model().toUpperCase(Locale.ROOT);
        case 1 -> capitalize(s) + "." + capitalize(t);
        case 2 -> duck ? "\"" + capitalize(s) + "\".\"" + capitalize(t) + "\"" : "\"" + s + "\".\"" + t + "\"";
        case 3 -> "\"" + s + "\"." + t;
        case 4 -> db.catalog() + "." + m.model();
        case 5 -> "\"" + db.catalog() + "\".\"" + s + "\".\"" + t + "\"";
        case 6 -> s + " . " + t;
        default -> m.model();
      };
    } else if (ref instanceof Ref.View v) {
      String s = viewSchema(schema(v.model()), v.env());
      String t = table(v.model());
      return switch (random.nextInt(4)) {
        case 0 -> (s + "." + t).toUpperCase(Locale.ROOT);
        case 1 -> "\"" + s + "\".\"" + t + "\"";
        case 2 -> db.catalog() + "." + s + "." + t;
        default -> s + "." + t;
      };
    } else if (ref instanceof Ref.Physical p) {
      return switch (random.nextInt(4)) {
        case 0 -> (p.schema() + "." + p.table()).toUpperCase(Locale.ROOT);
        case 1 -> "\"" + p.schema() + "\".\"" + p.table() + "\"";
        case 2 -> db.catalog() + "." + p.schema() + "." + p.table();
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
