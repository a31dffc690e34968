package dev.venv.benchmarks;

import dev.venv.sql.SqlDialect;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Writes a synthetic but realistic model repository: a few FULL sources over DuckDB's
 * {@code range()}, then layers of VIEW and FULL models in the schemas {@code staging},
 * {@code intermediate}, {@code marts} and {@code reporting}, each reading one to three earlier
 * models by qualified name, with headers, comments, joins, {@code CASE}, windows and
 * {@code GROUP BY}.
 *
 * <p>Every model selects the same five columns ({@code id, grp, category, amount, event_date}) and
 * keeps {@code id} unique, so any model can join any other on {@code id}, and no table grows past
 * the sources' 100 rows: a FULL model builds in milliseconds, so building measures venv, not
 * DuckDB's query engine.
 *
 * <p>A VIEW model reads only FULL models. DuckDB inlines views when it binds a query, so views
 * over views over views would make every build re-plan an exponentially growing tree; real
 * projects avoid that too.
 *
 * <p>The last model is a FULL leaf in {@code reporting} that nothing reads: {@link
 * Generated#changeLeaf} gives it a new literal, which is "one changed leaf".
 *
 * <p>{@link #generate(Path, int, Kind, Shape)} writes a repository of one {@link Kind} and a chosen
 * {@link Shape} instead, for the scale benchmarks: the same sources and query templates, but every
 * other model a VIEW or every one FULL, read wide or deep, with leaves enough to change 1% of the
 * models ({@link Generated#changeLeaves}). There views do read views, in chains, each one view
 * only, so that binding stays linear in the depth. {@link #generate(Path, int, Kind, Shape,
 * SqlDialect)} writes the same for PostgreSQL, whose sources read {@code generate_series(0, 99)}
 * (every other query runs on both).
 */
public final class RepositoryGenerator {
  private static final String[] DOMAINS = {
      "orders", "customers", "payments", "shipments", "products", "sessions", "invoices", "refunds",
      "campaigns", "inventory", "suppliers", "tickets", "subscriptions", "reviews", "returns", "carts"};
  private static final String[] OWNERS = {"analytics", "finance", "growth", "data-platform", "operations"};
  private static final String[] CATEGORIES = {"new", "active", "dormant", "closed"};
  /** Rows in each source, and so at most in every model: builds measure venv, not the engine. */
  static final int DEFAULT_SOURCE_ROWS = 100;
  private static final Pattern MARKER = Pattern.compile("(?m)^  -?\\d+ +AS marker,\\n");
  private static final AtomicLong CLOCK = new AtomicLong(System.currentTimeMillis() + 60_000);

  private RepositoryGenerator() {}

  /**
   * A generated repository.
   *
   * @param leaves models nothing reads, so that changing one builds that model alone: the default
   *               repository's one FULL leaf; a shaped repository's last layer
   * @param tail   a shaped repository's models after its sources, the last written first; any first
   *               {@code k} of them hold every model that reads one of them (a model reads only
   *               models written before it), so changing those builds exactly {@code k} models
   *               ({@link #changeLast}); empty for the default repository
   */
  public record Generated(Path root, int models, List<Leaf> leaves, List<Leaf> tail) {

    public Generated {
      leaves = List.copyOf(leaves);
      tail = List.copyOf(tail);
    }

    /** A model nothing reads, and its file. */
    public record Leaf(String model, Path file) {}

    /** The first leaf's file: the one {@link #changeLeaf} changes. */
    public Path leafFile() {
      return leaves.get(0).file();
    }

    /**
     * Rewrites the leaf so that it selects {@code marker} as an extra first column: a different
     * literal is a different query, so a new snapshot that needs one build. The file gets a new,
     * never used mtime so that no cache can mistake it for an earlier version.
     */
    public void changeLeaf(long marker) {
      change(leafFile(), marker);
    }

    /**
     * Changes the first {@code count} leaves as {@link #changeLeaf} changes one: {@code count}
     * new snapshots, each one build, and nothing else to build. Returns their model names.
     */
    public List<String> changeLeaves(int count, long marker) {
      if (count > leaves.size()) {
        throw new IllegalArgumentException("asked to change " + count + " leaves of " + leaves.size());
      }
      List<String> changed = new ArrayList<>();
      for (Leaf leaf : leaves.subList(0, count)) {
        change(leaf.file(), marker);
        changed.add(leaf.model());
      }
      return changed;
    }

    /**
     * Changes the last {@code count} models written as {@link #changeLeaf} changes one: {@code
     * count} new snapshots, and since every model that reads one of them is among them, exactly
     * {@code count} builds, however many exceed the leaves. Returns their model names.
     */
    public List<String> changeLast(int count, long marker) {
      if (count > tail.size()) {
        throw new IllegalArgumentException("asked to change " + count + " models of " + tail.size()
            + " after the sources");
      }
      List<String> changed = new ArrayList<>();
      for (Leaf model : tail.subList(0, count)) {
        change(model.file(), marker);
        changed.add(model.model());
      }
      return changed;
    }

    /** Changes one model file as {@link #changeLeaf} changes a leaf: a new {@code marker} column. */
    public void changeModel(Path file, long marker) {
      change(file, marker);
    }

    private static void change(Path file, long marker) {
      try {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        text = MARKER.matcher(text).replaceFirst("");
        int select = text.indexOf("\nSELECT\n");
        if (select < 0) {
          throw new IllegalStateException("no SELECT line in " + file);
        }
        int at = select + "\nSELECT\n".length();
        text = text.substring(0, at) + "  " + marker + " AS marker,\n" + text.substring(at);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        touch(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Gives every model file a new mtime, so that a load re-reads and re-parses all of them. */
    public void touchAll() {
      try (var files = Files.walk(root)) {
        for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".sql"))::iterator) {
          touch(file);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Sets a fresh mtime, one second after the last one handed out, whatever the clock's resolution. */
  static void touch(Path file) throws IOException {
    Files.setLastModifiedTime(file, FileTime.fromMillis(CLOCK.addAndGet(1_000)));
  }

  /** The materialization of every model of a shaped repository but its FULL sources in {@code raw}. */
  public enum Kind {
    VIEW, FULL;

    /** {@code VIEW} or {@code FULL}, in any case, as a benchmark parameter spells it. */
    public static Kind of(String name) {
      return valueOf(name.toUpperCase(Locale.ROOT));
    }
  }

  /** How the models of a shaped repository read each other. */
  public enum Shape {
    /** Every model reads one to three of the sources in {@code raw}: wide, depth 1; every model a leaf. */
    SHALLOW,
    /**
     * {@link RepositoryGenerator#DEEP_LAYERS} layers over the sources, each model reading models of
     * the layer before: one to three when they are FULL, exactly one when they are views, which
     * DuckDB inlines (see {@code Writer.write(Kind, Shape)}). The last layer's models are the leaves.
     */
    DEEP;

    /** {@code shallow} or {@code deep}, in any case, as a benchmark parameter spells it. */
    public static Shape of(String name) {
      return valueOf(name.toUpperCase(Locale.ROOT));
    }
  }

  /** Layers of a {@link Shape#DEEP} repository: deep enough that depth shows, as in a large real project. */
  public static final int DEEP_LAYERS = 20;
  /** The schemas of a shaped repository's models, in layer order, and their table prefixes. */
  private static final String[] LAYER_SCHEMAS = {"staging", "intermediate", "marts", "reporting"};
  private static final String[] PREFIXES = {"stg", "int", "fct", "rpt"};

  /** One model while generating: where it is and what it is. */
  private record Model(String schema, String table, String domain, boolean full) {
    String name() {
      return schema + "." + table;
    }
  }

  /**
   * Writes {@code models} model files below {@code root} (created if need be; must not hold
   * models already). The same arguments always write the same repository.
   */
  public static Generated generate(Path root, int models) throws IOException {
    if (models < 10) {
      throw new IllegalArgumentException("a repository needs at least 10 models, not " + models);
    }
    return new Writer(root, models, SqlDialect.DUCKDB, DEFAULT_SOURCE_ROWS).write();
  }

  /**
   * Writes {@code models} model files below {@code root} as {@link #generate(Path, int)} does, but
   * of one kind and shape: 1% FULL sources in {@code raw} as there, then every other model of
   * {@code kind}, read as {@code shape} says, with the same query templates. The same arguments
   * always write the same repository.
   */
  public static Generated generate(Path root, int models, Kind kind, Shape shape) throws IOException {
    if (models < 10) {
      throw new IllegalArgumentException("a repository needs at least 10 models, not " + models);
    }
    return generate(root, models, kind, shape, SqlDialect.DUCKDB);
  }

  /**
   * {@link #generate(Path, int, Kind, Shape)} for a backend: on {@link SqlDialect#POSTGRES} the
   * sources read {@code generate_series(0, 99)} instead of DuckDB's {@code range(0, 100)}; the
   * other models' queries are the same on both.
   */
  public static Generated generate(Path root, int models, Kind kind, Shape shape, SqlDialect dialect)
      throws IOException {
    return generate(root, models, kind, shape, dialect, DEFAULT_SOURCE_ROWS);
  }

  /**
   * {@link #generate(Path, int, Kind, Shape, SqlDialect)} with {@code sourceRows} rows in each
   * source instead of 100, and so in every model: a warehouse whose tables cost what tables cost,
   * for comparisons where the data's size is the point (a full copy against an environment).
   */
  public static Generated generate(Path root, int models, Kind kind, Shape shape, SqlDialect dialect,
      int sourceRows) throws IOException {
    if (models < 10) {
      throw new IllegalArgumentException("a repository needs at least 10 models, not " + models);
    }
    if (sourceRows < 1) {
      throw new IllegalArgumentException("a source needs at least one row, not " + sourceRows);
    }
    return new Writer(root, models, dialect, sourceRows).write(kind, shape);
  }

  private static final class Writer {
    private final Path root;
    private final int total;
    private final Random random = new Random(20240601L);
    private final List<Model> written = new ArrayList<>();
    private final SqlDialect dialect;
    private final int sourceRows;

    Writer(Path root, int total, SqlDialect dialect, int sourceRows) {
      this.root = root;
      this.total = total;
      this.dialect = dialect;
      this.sourceRows = sourceRows;
    }

    Generated write() throws IOException {
      int sources = Math.max(2, total / 100);
      int staging = total / 5;
      int intermediate = total * 35 / 100;
      int marts = total * 25 / 100;
      int reporting = total - sources - staging - intermediate - marts;

      for (int i = 0; i < sources; i++) {
        source(i);
      }
      for (int i = 0; i < staging; i++) {
        Model parent = pick(written, true);
        add("staging", "stg_" + parent.domain(), parent.domain(), false,
            m -> stagingQuery(m, parent));
      }
      layer("intermediate", "int", intermediate, 0.6, List.of("raw", "staging", "intermediate"));
      layer("marts", "fct", marts, 0.8, List.of("staging", "intermediate", "marts"));
      layer("reporting", "rpt", reporting - 1, 0.3, List.of("intermediate", "marts"));
      // The leaf: FULL, last, so nothing reads it.
      String domain = DOMAINS[random.nextInt(DOMAINS.length)];
      List<Model> parents = parents(List.of("intermediate", "marts"), false, 2);
      Model leaf = add("reporting", "rpt_" + domain + "_summary", domain, true, m -> joinQuery(m, parents));
      return new Generated(root, written.size(), List.of(new Generated.Leaf(leaf.name(), file(leaf))), List.of());
    }

    Generated write(Kind kind, Shape shape) throws IOException {
      int sources = Math.max(2, total / 100);
      for (int i = 0; i < sources; i++) {
        source(i);
      }
      List<Model> sourceModels = List.copyOf(written);
      boolean full = kind == Kind.FULL;
      int rest = total - sources;
      List<Model> leaves = new ArrayList<>();
      if (shape == Shape.SHALLOW) {
        for (int i = 0; i < rest; i++) {
          leaves.add(shaped(LAYER_SCHEMAS[i * LAYER_SCHEMAS.length / rest], full,
              distinct(sourceModels, 1 + random.nextInt(3))));
        }
      } else {
        int layers = Math.min(DEEP_LAYERS, rest);
        List<Model> previous = sourceModels;
        for (int layer = 0; layer < layers; layer++) {
          // The first rest % layers layers take one model more, so the layers add up to rest.
          int size = rest / layers + (layer < rest % layers ? 1 : 0);
          String schema = LAYER_SCHEMAS[layer * LAYER_SCHEMAS.length / layers];
          List<Model> current = new ArrayList<>();
          for (int i = 0; i < size; i++) {
            // A view reads exactly one view: DuckDB inlines views when it binds, so a view over two
            // views over two views each ... would bind 2^depth copies of the sources at 20 layers
            // (every CREATE VIEW binds its query, and every environment view binds its chain). One
            // parent keeps a view's binding linear in its depth: a tree. Tables are read, not
            // inlined, so FULL models read one to three of the layer before.
            List<Model> parents = full
                ? distinct(previous, 1 + random.nextInt(3))
                : List.of(previous.get(random.nextInt(previous.size())));
            current.add(shaped(schema, full, parents));
          }
          previous = current;
        }
        leaves.addAll(previous);
      }
      // The last written first: changeLeaves(n) changes the last n models of the last layer.
      return new Generated(root, written.size(), lastFirst(leaves),
          lastFirst(written.subList(sources, written.size())));
    }

    private List<Generated.Leaf> lastFirst(List<Model> models) {
      List<Generated.Leaf> files = new ArrayList<>();
      for (int i = models.size() - 1; i >= 0; i--) {
        files.add(new Generated.Leaf(models.get(i).name(), file(models.get(i))));
      }
      return files;
    }

    /** One model of a shaped repository over {@code parents}, with one of the three query templates. */
    private Model shaped(String schema, boolean full, List<Model> parents) throws IOException {
      String[] shapes = {"by_customer", "daily", "enriched", "ranked", "rollup", "joined", "latest", "scored"};
      String domain = parents.get(0).domain();
      String prefix = PREFIXES[List.of(LAYER_SCHEMAS).indexOf(schema)];
      String shape = shapes[random.nextInt(shapes.length)];
      int template = random.nextInt(4);
      return add(schema, prefix + "_" + domain + "_" + shape, domain, full, m -> switch (template) {
        case 0, 1 -> joinQuery(m, parents);
        case 2 -> windowQuery(m, parents);
        default -> groupQuery(m, parents);
      });
    }

    /** {@code count} distinct models of {@code from} (fewer if it holds fewer), chosen at random. */
    private List<Model> distinct(List<Model> from, int count) {
      List<Model> chosen = new ArrayList<>();
      while (chosen.size() < Math.min(count, from.size())) {
        Model m = from.get(random.nextInt(from.size()));
        if (!chosen.contains(m)) {
          chosen.add(m);
        }
      }
      return chosen;
    }

    private void layer(String schema, String prefix, int count, double fullShare, List<String> from)
        throws IOException {
      String[] shapes = {"by_customer", "daily", "enriched", "ranked", "rollup", "joined", "latest", "scored"};
      for (int i = 0; i < count; i++) {
        boolean full = random.nextDouble() < fullShare;
        int fanIn = 1 + random.nextInt(3);
        List<Model> parents = parents(from, !full, fanIn);
        String domain = parents.get(0).domain();
        String shape = shapes[random.nextInt(shapes.length)];
        int template = random.nextInt(4);
        add(schema, prefix + "_" + domain + "_" + shape, domain, full, m -> switch (template) {
          case 0, 1 -> joinQuery(m, parents);
          case 2 -> windowQuery(m, parents);
          default -> groupQuery(m, parents);
        });
      }
    }

    /** Up to {@code count} distinct earlier models from these schemas; only FULL ones for a view. */
    private List<Model> parents(List<String> schemas, boolean fullOnly, int count) {
      List<Model> candidates = new ArrayList<>();
      for (Model m : written) {
        if (schemas.contains(m.schema()) && (m.full() || !fullOnly)) {
          candidates.add(m);
        }
      }
      if (candidates.isEmpty()) {
        for (Model m : written) {
          if (m.full()) {
            candidates.add(m);
          }
        }
      }
      List<Model> chosen = new ArrayList<>();
      for (int tries = 0; chosen.size() < count && tries < 20; tries++) {
        // Favour recent models: deep, realistic dependency chains rather than a flat star.
        int span = Math.min(candidates.size(), 150);
        Model m = candidates.get(candidates.size() - 1 - random.nextInt(span));
        if (!chosen.contains(m)) {
          chosen.add(m);
        }
      }
      return chosen;
    }

    private Model pick(List<Model> models, boolean fullOnly) {
      List<Model> candidates = models.stream().filter(m -> m.full() || !fullOnly).toList();
      return candidates.get(random.nextInt(candidates.size()));
    }

    private interface Query {
      String text(Model model);
    }

    private Model add(String schema, String baseName, String domain, boolean full, Query query) throws IOException {
      if (dialect == SqlDialect.POSTGRES && !schema.equals("raw")) {
        // PostgreSQL's 63-byte names leave venv 47 for schema__table__version, the version 16 of
        // them: "int_cus_0042" in place of "int_customers_joined_0042" (the number keeps it unique).
        String[] parts = baseName.split("_");
        baseName = parts[0] + "_" + parts[1].substring(0, Math.min(3, parts[1].length()));
      }
      Model model = new Model(schema, String.format(Locale.ROOT, "%s_%04d", baseName, written.size()), domain, full);
      Path file = file(model);
      Files.createDirectories(file.getParent());
      Files.writeString(file, header(model) + "\n" + query.text(model), StandardCharsets.UTF_8);
      written.add(model);
      return model;
    }

    private Path file(Model model) {
      return root.resolve("models").resolve(model.schema()).resolve(model.domain()).resolve(model.table() + ".sql");
    }

    private void source(int i) throws IOException {
      String domain = DOMAINS[i % DOMAINS.length];
      int multiplier = 7 + 6 * i;
      // PostgreSQL lacks range(); the DuckDB text stays what it always was.
      boolean postgres = dialect == SqlDialect.POSTGRES;
      String function = postgres ? "generate_series()" : "DuckDB's range()";
      String rows = postgres ? "generate_series(0, " + (sourceRows - 1) + ")" : "range(0, " + sourceRows + ")";
      String why = sourceRows == DEFAULT_SOURCE_ROWS ? "so that builds stay cheap" : "as many as the benchmark asks";
      add("raw", domain, domain, true, m -> String.format(Locale.ROOT, """
          -- Synthetic %s: %d rows from %s, %s.
          SELECT
            r.n                                                     AS id,
            CAST(r.n %% %d AS INTEGER)                               AS grp,
            CASE r.n %% 4
              WHEN 0 THEN '%s'
              WHEN 1 THEN '%s'
              WHEN 2 THEN '%s'
              ELSE '%s'
            END                                                     AS category,
            CAST((r.n * %d + %d) %% 1000 / 10.0 AS DECIMAL(12, 2))  AS amount,
            DATE '2024-01-01' + CAST(r.n * %d %% 365 AS INTEGER)     AS event_date
          FROM %s AS r(n)
          """, domain, sourceRows, function, why, 5 + i % 9, CATEGORIES[0], CATEGORIES[1], CATEGORIES[2], CATEGORIES[3],
          multiplier, i, 3 + i % 5, rows));
    }

    private String header(Model model) {
      StringBuilder h = new StringBuilder();
      if (random.nextInt(3) == 0) {
        h.append("-- ").append(model.domain()).append(": generated for the venv benchmarks\n");
      }
      h.append("MODEL (\n");
      h.append("  name ").append(model.name()).append(",\n");
      h.append("  kind ").append(model.full() ? "FULL" : "VIEW").append(",\n");
      h.append("  owner '").append(OWNERS[random.nextInt(OWNERS.length)]).append("',\n");
      h.append("  description '").append(capitalize(model.domain())).append(" in ").append(model.schema())
          .append(", model ").append(model.table()).append("',\n");
      h.append("  grain id,\n");
      if (random.nextBoolean()) {
        h.append("  tags [").append(model.schema()).append(", ").append(model.domain()).append("],\n");
      }
      h.append("  cron '@daily'\n");
      h.append(");\n");
      return h.toString();
    }

    private String stagingQuery(Model model, Model parent) {
      return String.format(Locale.ROOT, """
          /* Typed and cleaned %s, one row per id; rows without an amount are dropped. */
          SELECT
            s.id,
            s.grp,
            LOWER(TRIM(s.category))                                 AS category,
            CAST(s.amount * %d / 100.0 AS DECIMAL(12, 2))            AS amount,
            s.event_date
          FROM %s AS s
          WHERE s.amount IS NOT NULL
            AND s.grp <> %d   -- group %d holds test accounts
          """, model.domain(), 90 + random.nextInt(20), parent.name(), 99, 99);
    }

    private String joinQuery(Model model, List<Model> parents) {
      StringBuilder q = new StringBuilder();
      q.append("-- ").append(capitalize(model.domain())).append(" joined with ").append(parents.size() - 1)
          .append(" other model").append(parents.size() == 2 ? "" : "s").append(", one row per id\n");
      int threshold = 20 + random.nextInt(60);
      q.append("SELECT\n");
      q.append("  a.id,\n");
      q.append("  MIN(a.grp)                                                AS grp,\n");
      q.append("  MAX(CASE\n");
      q.append("        WHEN a.amount > ").append(threshold).append(" THEN 'high'\n");
      q.append("        WHEN a.amount > ").append(threshold / 2).append(" THEN 'medium'\n");
      q.append("        ELSE a.category\n");
      q.append("      END)                                                  AS category,\n");
      q.append("  CAST(SUM(a.amount");
      for (int i = 1; i < parents.size(); i++) {
        q.append(" + COALESCE(").append(alias(i)).append(".amount, 0)");
      }
      q.append(") AS DECIMAL(12, 2)) AS amount,\n");
      q.append("  MAX(a.event_date)                                         AS event_date\n");
      q.append("FROM ").append(parents.get(0).name()).append(" AS a\n");
      for (int i = 1; i < parents.size(); i++) {
        q.append("LEFT JOIN ").append(parents.get(i).name()).append(" AS ").append(alias(i))
            .append(" ON ").append(alias(i)).append(".id = a.id");
        if (i == 2) {
          q.append(" AND ").append(alias(i)).append(".grp = a.grp");
        }
        q.append("\n");
      }
      q.append("WHERE a.event_date >= DATE '2024-01-01'\n");
      q.append("GROUP BY a.id\n");
      return q.toString();
    }

    private String windowQuery(Model model, List<Model> parents) {
      StringBuilder q = new StringBuilder();
      q.append("-- The ").append(model.domain()).append(" ranked by amount within their group\n");
      q.append("WITH ranked AS (\n");
      q.append("  SELECT\n");
      q.append("    a.id, a.grp, a.category, a.amount, a.event_date,\n");
      q.append("    ROW_NUMBER() OVER (PARTITION BY a.grp ORDER BY a.amount DESC, a.id) AS rank_in_group\n");
      q.append("  FROM ").append(parents.get(0).name()).append(" AS a\n");
      for (int i = 1; i < parents.size(); i++) {
        q.append(i == 1 ? "  WHERE " : "    AND ").append("a.id IN (SELECT ").append(alias(i)).append(".id FROM ")
            .append(parents.get(i).name()).append(" AS ").append(alias(i)).append(")\n");
      }
      q.append(")\n");
      q.append("SELECT\n");
      q.append("  r.id,\n");
      q.append("  r.grp,\n");
      q.append("  CASE WHEN r.rank_in_group <= 3 THEN 'top' ELSE r.category END AS category,\n");
      q.append("  CAST(r.amount AS DECIMAL(12, 2))                          AS amount,\n");
      q.append("  r.event_date\n");
      q.append("FROM ranked AS r\n");
      q.append("WHERE r.rank_in_group <= ").append(10 + random.nextInt(40)).append("\n");
      return q.toString();
    }

    private String groupQuery(Model model, List<Model> parents) {
      StringBuilder q = new StringBuilder();
      q.append("/* ").append(capitalize(model.domain())).append(" rolled up per group;\n");
      q.append("   id is the group's smallest id, so it stays unique. */\n");
      q.append("SELECT\n");
      q.append("  MIN(a.id)                                                 AS id,\n");
      q.append("  a.grp,\n");
      q.append("  CASE WHEN COUNT(*) > ").append(5 + random.nextInt(10))
          .append(" THEN 'large' ELSE 'small' END         AS category,\n");
      q.append("  CAST(AVG(a.amount) AS DECIMAL(12, 2))                     AS amount,\n");
      q.append("  MAX(a.event_date)                                         AS event_date\n");
      q.append("FROM ").append(parents.get(0).name()).append(" AS a\n");
      for (int i = 1; i < parents.size(); i++) {
        q.append("JOIN (SELECT DISTINCT ").append(alias(i)).append(".grp FROM ").append(parents.get(i).name())
            .append(" AS ").append(alias(i)).append(") AS g").append(i).append(" ON g").append(i)
            .append(".grp = a.grp\n");
      }
      q.append("GROUP BY a.grp\n");
      q.append("HAVING SUM(a.amount) > 0\n");
      return q.toString();
    }

    private static String alias(int i) {
      return String.valueOf((char) ('a' + i));
    }

    private static String capitalize(String s) {
      return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
  }
}
