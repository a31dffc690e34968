package dev.venv.env;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.testing.Warehouse.Backend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 9's oracle on generated repositories: a random seed table and 3 to 8 models over it (joins,
 * aggregates, windows, DISTINCT, set operations, subqueries, CTEs, stars, keyword-named and quoted
 * columns), prod built from them, then a random edit of one or two models; a dev planned the
 * automatic way must read, in every model, the rows (and column names) of one built with
 * {@code --breaking-all} ({@link ReuseOracle}).
 *
 * <p>Generated queries are deterministic: every ORDER BY that picks rows (LIMIT, row_number, lag,
 * ROWS frames) ends with every column it can see, so tied rows are equal rows and two builds of a
 * query return one multiset whatever order they read; decimals are multiples of 0.25, exact in a
 * DOUBLE. A rows difference is therefore the analysis reusing a table it should have rebuilt.
 *
 * <p>Fixed seeds for CI; longer runs: {@code -Dvenv.fuzz.cases=2000 -Dvenv.fuzz.seed=N}; one case
 * again: {@code -Dvenv.fuzz.replay=CASE_SEED} (a failure prints it, with both repositories and the
 * edit). {@code -Dvenv.fuzz.keepGoing=true} runs every case and reports every failing one.
 */
class ChangeCategoriesFuzzTest {
  /** About 30 s per backend on CI hardware. */
  private static final int DEFAULT_CASES_DUCKDB = 100;
  private static final int DEFAULT_CASES_POSTGRES = 60;

  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(Backend.class)
  void anAutomaticDevReadsTheRowsOfABreakingAllDev(Backend backend) throws Exception {
    String replay = System.getProperty("venv.fuzz.replay");
    long seed = Long.getLong("venv.fuzz.seed", 9L);
    int cases = replay != null ? 1 : Integer.getInteger("venv.fuzz.cases",
        backend == Backend.DUCKDB ? DEFAULT_CASES_DUCKDB : DEFAULT_CASES_POSTGRES);
    boolean keepGoing = Boolean.getBoolean("venv.fuzz.keepGoing");
    int skipped = 0;
    int unchanged = 0;
    int rebuildFails = 0;
    boolean verbose = Boolean.getBoolean("venv.fuzz.verbose");
    Map<String, Integer> skipReasons = new TreeMap<>();
    Map<String, Integer> exercised = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    long started = System.nanoTime();
    for (int i = 0; i < cases; i++) {
      long caseSeed = replay != null ? Long.parseLong(replay) : new Random(seed * 1_000_003L + i).nextLong();
      Case c = Case.generate(caseSeed, backend);
      if (c.edit == null) {
        unchanged++;
        continue;
      }
      if (Boolean.getBoolean("venv.fuzz.print")) {
        System.err.println("CASE " + i + "\n" + c.describe());
      }
      Path caseDir = dir.resolve("case" + i);
      Path base = c.write(caseDir.resolve("base"), false);
      Path changed = c.write(caseDir.resolve("changed"), true);
      try {
        ReuseOracle.Outcome outcome = ReuseOracle.compare(backend, caseDir, base, changed, true, true, true,
            () -> "\n" + c.describe());
        String notCompared = outcome.notCompared();
        if (notCompared != null && notCompared.startsWith("prod fails")) {
          skipped++;
          skipReasons.merge(shorten(notCompared) + (verbose ? " [replay " + caseSeed + "]" : ""), 1, Integer::sum);
        } else if (notCompared != null) {
          rebuildFails++;
          if (verbose) {
            skipReasons.merge("(rebuild) " + shorten(notCompared), 1, Integer::sum);
          }
        } else {
          // what the cases exercised: a reuse is what the oracle checks
          for (ModelChange mc : outcome.dev().changes()) {
            if (mc.reason() != null && mc.reason().direct()) {
              exercised.merge("directly " + mc.reason().categoryName(), 1, Integer::sum);
              if (verbose && mc.reason().reason() != null) {
                String why = mc.reason().reason().replaceAll("'[^']*'|\"[^\"]*\"|\\b[a-z_0-9]+\\.[a-z_0-9.]+", "_");
                exercised.merge("  why: " + (why.length() > 70 ? why.substring(0, 70) : why), 1, Integer::sum);
              }
            } else if (mc.category() == ChangeCategory.INDIRECTLY_MODIFIED) {
              exercised.merge(java.util.Objects.equals(mc.physical(), mc.previousPhysical()) ? "indirectly, reused"
                  : "indirectly, rebuilt", 1, Integer::sum);
            }
          }
        }
      } catch (AssertionError | Exception e) {
        String message = "case " + i + " of seed " + seed + " failed on " + backend + ": " + e.getMessage()
            + (e.getCause() != null ? "\ncause: " + e.getCause() : "") + "\n" + c.describe();
        if (!keepGoing) {
          throw new AssertionError(message, e);
        }
        failures.add(message);
        System.err.println("FUZZ FAILURE " + message);
      } finally {
        deleteQuietly(caseDir);
      }
    }
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    System.err.printf(Locale.ROOT, "ChangeCategoriesFuzzTest %s: %d cases in %d s, %d skipped (prod failed), %d"
        + " without an edit, %d whose edit fails to build, %d failing%n", backend, cases, seconds, skipped, unchanged,
        rebuildFails, failures.size());
    exercised.forEach((what, n) -> System.err.println("  " + n + " " + what));
    skipReasons.forEach((reason, n) -> System.err.println("  skipped " + n + ": " + reason));
    assertTrue(failures.isEmpty(), () -> failures.size() + " failing cases:\n" + String.join("\n\n", failures));
    // the generator's queries must mostly build, or the fuzzing tests little
    assertTrue(skipped * 5 <= Math.max(cases, 5), () -> "too many generated repositories fail to build: " + skipReasons);
  }

  private static String shorten(String message) {
    String m = message.replaceAll("venv__[a-z_0-9]+", "…").replaceAll("\\s+", " ");
    return m.length() > 240 ? m.substring(0, 240) : m;
  }

  private static void deleteQuietly(Path path) {
    try (var files = Files.walk(path)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException ignored) {
      // a temporary folder: @TempDir removes what is left
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The generated case: a seed table, models over it, an edit

  enum T { INT, DEC, TEXT, DATE }

  /** A column as its relation names it (exactly: "Amt" is not amt). */
  record Col(String name, T type) {}

  /** A relation in scope: its alias (null: none) and columns. */
  record Src(String alias, List<Col> cols) {}

  /** One case: reproducible from its seed alone. */
  static final class Case {
    final long seed;
    final Backend backend;
    final Random r;
    Seed seedTable;
    Seed seedChanged;
    final Map<String, Model> models = new LinkedHashMap<>();
    final Map<String, Model> changedModels = new LinkedHashMap<>();
    String edit;

    private Case(long seed, Backend backend) {
      this.seed = seed;
      this.backend = backend;
      this.r = new Random(seed);
    }

    static Case generate(long seed, Backend backend) {
      Case c = new Case(seed, backend);
      c.seedTable = Seed.generate(c.r);
      c.seedChanged = c.seedTable;
      Gen g = new Gen(c.r, backend);
      int n = 3 + c.r.nextInt(6);
      List<String> names = new ArrayList<>();
      Map<String, List<Col>> columns = new LinkedHashMap<>();
      columns.put("raw.t", c.seedTable.cols());
      String[] schemas = {"s", "d", "mart"};
      for (int i = 1; i <= n; i++) {
        String name = schemas[c.r.nextInt(schemas.length)] + ".m" + i;
        List<String> candidates = new ArrayList<>(columns.keySet());
        String first = candidates.get(Math.max(0, candidates.size() - 1 - c.r.nextInt(Math.min(3, candidates.size()))));
        String second = candidates.get(c.r.nextInt(candidates.size()));
        List<String> parents = c.r.nextInt(3) == 0 ? List.of(first, second) : List.of(first);
        Model m = new Model(name, c.r.nextInt(3) == 0 ? "VIEW" : "FULL", c.r.nextLong(),
            g.query(parents, columns, 0));
        c.models.put(name, m);
        columns.put(name, m.query.outputs());
        names.add(name);
      }
      c.changedModels.putAll(c.models);
      Editor editor = new Editor(c.r, g, columns);
      List<String> edits = new ArrayList<>();
      int count = c.r.nextInt(4) == 0 ? 2 : 1;
      for (int e = 0; e < count; e++) {
        if (c.r.nextInt(12) == 0) {
          c.seedChanged = c.seedChanged.edit(c.r, edits);
          continue;
        }
        String name = names.get(c.r.nextInt(names.size()));
        Model before = c.changedModels.get(name);
        for (int attempt = 0; attempt < 10; attempt++) {
          Model copy = before.copy();
          String what = editor.edit(copy);
          if (what != null && (!copy.render().equals(before.render()) || !copy.kind.equals(before.kind)
              || what.startsWith("format"))) {
            c.changedModels.put(name, copy);
            edits.add(name + ": " + what);
            break;
          }
        }
      }
      c.edit = edits.isEmpty() ? null : String.join("; ", edits);
      return c;
    }

    Path write(Path root, boolean changed) {
      Map<String, String> queries = new LinkedHashMap<>();
      Map<String, String> kinds = new LinkedHashMap<>();
      (changed ? changedModels : models).forEach((name, m) -> {
        queries.put(name, m.render());
        kinds.put(name, m.kind);
      });
      return ReuseOracle.repository(root, (changed ? seedChanged : seedTable).csv(), queries, kinds);
    }

    String describe() {
      StringBuilder b = new StringBuilder("replay: -Dvenv.fuzz.replay=").append(seed).append(" (").append(backend)
          .append(")\nedit: ").append(edit).append("\nseeds/t.csv:\n").append(seedTable.csv());
      if (seedChanged != seedTable) {
        b.append("seeds/t.csv changed to:\n").append(seedChanged.csv());
      }
      models.forEach((name, m) -> {
        b.append("-- ").append(name).append(" (").append(m.kind).append(")\n").append(m.render()).append('\n');
        Model after = changedModels.get(name);
        if (after != m) {
          b.append("-- changed to (").append(after.kind).append(")\n").append(after.render()).append('\n');
        }
      });
      return b.toString();
    }
  }

  /** The seed table raw.t: typed columns, NULLs and duplicate rows. */
  record Seed(List<Col> cols, List<String[]> rows) {
    private static final String[][] NAMES = {
        {"id", "a", "n", "year", "day", "filter", "qty", "Amt"},
        {"b", "price", "value"},
        {"grp", "partition", "tag", "escape", "Name", "kind"},
        {"d", "date"}};
    private static final String[] TEXTS = {"x", "y", "z", "a--b", "Q r", "x/*y", "it's"};

    static Seed generate(Random r) {
      List<Col> cols = new ArrayList<>();
      Set<String> used = new LinkedHashSet<>();
      cols.add(new Col(pick(r, NAMES[0], used), T.INT));
      cols.add(new Col(pick(r, NAMES[2], used), T.TEXT));
      int extra = 2 + r.nextInt(3);
      for (int i = 0; i < extra; i++) {
        int t = r.nextInt(7);
        T type = t < 3 ? T.INT : t < 5 ? T.DEC : t < 6 ? T.TEXT : T.DATE;
        String name = pick(r, NAMES[type.ordinal() == 0 ? 0 : type == T.DEC ? 1 : type == T.TEXT ? 2 : 3], used);
        if (name != null) {
          cols.add(new Col(name, type));
        }
      }
      int n = 6 + r.nextInt(7);
      List<String[]> rows = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (i > 0 && r.nextInt(6) == 0) {
          rows.add(rows.get(r.nextInt(rows.size())).clone());
          continue;
        }
        String[] row = new String[cols.size()];
        for (int c = 0; c < cols.size(); c++) {
          row[c] = value(r, cols.get(c).type(), i, c == 0);
        }
        rows.add(row);
      }
      // a decimal column needs a fraction somewhere, or DuckDB and venv read integers
      for (int c = 0; c < cols.size(); c++) {
        if (cols.get(c).type() == T.DEC) {
          rows.get(0)[c] = "0.75";
        }
        if (cols.get(c).type() == T.DATE) {
          rows.get(0)[c] = "2024-01-01";
        }
        if (cols.get(c).type() == T.TEXT) {
          rows.get(0)[c] = "x";
        }
        if (cols.get(c).type() == T.INT) {
          rows.get(0)[c] = "1";
        }
      }
      return new Seed(List.copyOf(cols), rows);
    }

    private static String pick(Random r, String[] names, Set<String> used) {
      for (int i = 0; i < 10; i++) {
        String name = names[r.nextInt(names.length)];
        if (used.add(name.toLowerCase(Locale.ROOT))) {
          return name;
        }
      }
      return null;
    }

    static String value(Random r, T type, int row, boolean key) {
      if (!key && r.nextInt(7) == 0) {
        return "";
      }
      return switch (type) {
        case INT -> String.valueOf(key ? row / (1 + r.nextInt(2)) : r.nextInt(9) - 2);
        case DEC -> String.valueOf((r.nextInt(40) - 8) * 0.25);
        case TEXT -> TEXTS[r.nextInt(TEXTS.length)];
        case DATE -> "2024-0" + (1 + r.nextInt(3)) + "-1" + r.nextInt(10);
      };
    }

    String csv() {
      StringBuilder b = new StringBuilder();
      for (int c = 0; c < cols.size(); c++) {
        b.append(c > 0 ? "," : "").append(cols.get(c).name());
      }
      b.append('\n');
      for (String[] row : rows) {
        b.append(String.join(",", row)).append('\n');
      }
      return b.toString();
    }

    /** A value changed, a column added at the end, or two columns swapped. */
    Seed edit(Random r, List<String> edits) {
      List<Col> newCols = new ArrayList<>(cols);
      List<String[]> newRows = new ArrayList<>();
      rows.forEach(row -> newRows.add(row.clone()));
      switch (r.nextInt(3)) {
        case 0 -> {
          int c = 1 + r.nextInt(cols.size() - 1);
          int row = 1 + r.nextInt(rows.size() - 1);
          newRows.get(row)[c] = value(r, cols.get(c).type(), row, false);
          edits.add("raw.t: row " + row + " column " + cols.get(c).name() + " to '" + newRows.get(row)[c] + "'");
        }
        case 1 -> {
          newCols.add(new Col("extra", T.INT));
          for (int i = 0; i < newRows.size(); i++) {
            String[] row = java.util.Arrays.copyOf(newRows.get(i), newCols.size());
            row[newCols.size() - 1] = String.valueOf(i == 0 ? 1 : r.nextInt(5));
            newRows.set(i, row);
          }
          edits.add("raw.t: column extra added");
        }
        default -> {
          int a = 1 + r.nextInt(cols.size() - 1);
          int b = a == cols.size() - 1 ? a - 1 : a + 1;
          java.util.Collections.swap(newCols, a, b);
          for (String[] row : newRows) {
            String t = row[a];
            row[a] = row[b];
            row[b] = t;
          }
          edits.add("raw.t: columns " + cols.get(a).name() + " and " + cols.get(b).name() + " swapped");
        }
      }
      return new Seed(List.copyOf(newCols), newRows);
    }
  }

  /** A model: its kind, its query, and the style its file is written in. */
  static final class Model {
    final String name;
    String kind;
    long style;
    final Select query;

    Model(String name, String kind, long style, Select query) {
      this.name = name;
      this.kind = kind;
      this.style = style;
      this.query = query;
    }

    Model copy() {
      return new Model(name, kind, style, query.copy());
    }

    String render() {
      return query.render(new Style(style));
    }
  }

  /** How a query is spelt: keyword case, line breaks, comments; none of it a change. */
  static final class Style {
    final Random r;
    final int keywordCase;
    final String space;
    final boolean comments;

    Style(long seed) {
      this.r = new Random(seed);
      this.keywordCase = r.nextInt(3);
      this.space = new String[] {" ", "\n", "\n  ", "  "}[r.nextInt(4)];
      this.comments = r.nextInt(4) == 0;
    }

    String kw(String keyword) {
      return switch (keywordCase) {
        case 0 -> keyword;
        case 1 -> keyword.toLowerCase(Locale.ROOT);
        default -> keyword.charAt(0) + keyword.substring(1).toLowerCase(Locale.ROOT);
      };
    }

    String sep() {
      if (comments && r.nextInt(3) == 0) {
        return r.nextBoolean() ? " /* note: -- not code */ " : " -- a note; 'quoted'\n";
      }
      return space;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Queries

  enum Role { PLAIN, KEY, AGG, WINDOW, STAR }

  /** One item of a select list. */
  static final class Item {
    String expr; // null for a star
    String alias; // null: the column's own name
    T type;
    Role role;
    String starQualifier; // t.* ; null with role STAR: *
    List<Col> starCols;
    String windowArg; // the window function with its argument, for frame edits
    String windowOver;

    Item copy() {
      Item i = new Item();
      i.expr = expr;
      i.alias = alias;
      i.type = type;
      i.role = role;
      i.starQualifier = starQualifier;
      i.starCols = starCols;
      i.windowArg = windowArg;
      i.windowOver = windowOver;
      return i;
    }

    List<Col> outputs() {
      if (role == Role.STAR) {
        return starCols;
      }
      return List.of(new Col(alias != null ? alias : bareName(expr), type));
    }

    String render(Style s) {
      if (role == Role.STAR) {
        return starQualifier == null ? "*" : starQualifier + ".*";
      }
      String e = role == Role.WINDOW ? windowArg + " " + s.kw("OVER") + " (" + windowOver + ")" : expr;
      return alias == null ? e : e + " " + s.kw("AS") + " " + Gen.ident(alias, false);
    }

    /** The column a bare (maybe qualified, maybe quoted) column reference names. */
    static String bareName(String expr) {
      String last = expr.substring(expr.lastIndexOf('.') + 1);
      return last.startsWith("\"") ? last.substring(1, last.length() - 1) : last;
    }
  }

  /** A FROM item: a model, a WITH item or a derived table, joined to the ones before. */
  static final class From {
    String join; // null for the first
    String source; // a table's name, or null for a derived table
    Select derived;
    String alias;
    String on; // ON condition, "USING (c)", or NATURAL
    List<String> columnAliases; // AS alias(c1, c2, ...), or null
    Src src;

    From copy() {
      From f = new From();
      f.join = join;
      f.source = source;
      f.derived = derived == null ? null : derived.copy();
      f.alias = alias;
      f.on = on;
      f.columnAliases = columnAliases;
      f.src = src;
      return f;
    }
  }

  /** A SELECT, with what it was generated over (to generate edits of it). */
  static final class Select {
    final List<Select> withBodies = new ArrayList<>();
    final List<String> withNames = new ArrayList<>();
    boolean distinct;
    List<Item> items = new ArrayList<>();
    List<From> from = new ArrayList<>();
    String where;
    List<String> groupBy = new ArrayList<>(); // empty: no GROUP BY
    boolean groupByPosition;
    boolean aggregate;
    String having;
    String orderKey; // null: no ORDER BY
    boolean desc;
    Integer limit;
    Integer offset;
    String unionOp;
    Select union;
    Ctx ctx; // what expressions may read

    Select copy() {
      Select s = new Select();
      withBodies.forEach(w -> s.withBodies.add(w.copy()));
      s.withNames.addAll(withNames);
      s.distinct = distinct;
      items.forEach(i -> s.items.add(i.copy()));
      from.forEach(f -> s.from.add(f.copy()));
      s.where = where;
      s.groupBy = new ArrayList<>(groupBy);
      s.groupByPosition = groupByPosition;
      s.aggregate = aggregate;
      s.having = having;
      s.orderKey = orderKey;
      s.desc = desc;
      s.limit = limit;
      s.offset = offset;
      s.unionOp = unionOp;
      s.union = union == null ? null : union.copy();
      s.ctx = ctx;
      return s;
    }

    List<Col> outputs() {
      List<Col> out = new ArrayList<>();
      items.forEach(i -> out.addAll(i.outputs()));
      return out;
    }

    /** Whether the ORDER BY may name the columns in scope (else only output positions). */
    boolean ordersByScope() {
      return !distinct && !aggregate && union == null;
    }

    String render(Style s) {
      StringBuilder b = new StringBuilder();
      if (!withBodies.isEmpty()) {
        b.append(s.kw("WITH")).append(' ');
        for (int i = 0; i < withBodies.size(); i++) {
          b.append(i > 0 ? ", " : "").append(withNames.get(i)).append(' ').append(s.kw("AS")).append(" (")
              .append(withBodies.get(i).render(s)).append(')');
        }
        b.append(s.sep());
      }
      b.append(body(s));
      if (union != null) {
        b.append(s.sep()).append(s.kw(unionOp)).append(s.sep()).append(union.body(s));
      }
      if (orderKey != null) {
        b.append(s.sep()).append(s.kw("ORDER BY")).append(' ').append(orderKey).append(desc ? " " + s.kw("DESC") : "");
        // every column after the key: tied rows are equal rows, whichever a build reads first
        if (ordersByScope()) {
          for (Src src : ctx.scope) {
            for (Col c : src.cols()) {
              b.append(", ").append(Gen.ref(src, c, ctx.qualify));
            }
          }
        } else {
          int n = outputs().size();
          for (int i = 1; i <= n; i++) {
            b.append(", ").append(i);
          }
        }
        if (limit != null) {
          b.append(s.sep()).append(s.kw("LIMIT")).append(' ').append(limit);
        }
        if (offset != null) {
          b.append(s.sep()).append(s.kw("OFFSET")).append(' ').append(offset);
        }
      }
      return b.toString();
    }

    private String body(Style s) {
      StringBuilder b = new StringBuilder(s.kw("SELECT")).append(' ');
      if (distinct) {
        b.append(s.kw("DISTINCT")).append(' ');
      }
      for (int i = 0; i < items.size(); i++) {
        b.append(i > 0 ? "," + (s.space.startsWith("\n") ? s.space : " ") : "").append(items.get(i).render(s));
      }
      b.append(s.sep()).append(s.kw("FROM")).append(' ');
      for (From f : from) {
        if (f.join != null) {
          b.append(s.sep()).append("NATURAL".equals(f.on) ? s.kw("NATURAL") + " " : "").append(s.kw(f.join)).append(' ');
        }
        b.append(f.derived != null ? "(" + f.derived.render(s) + ")" : f.source);
        if (f.alias != null) {
          b.append(' ').append(s.kw("AS")).append(' ').append(f.alias);
          if (f.columnAliases != null) {
            b.append('(').append(String.join(", ", f.columnAliases.stream().map(a -> Gen.ident(a, false)).toList()))
                .append(')');
          }
        }
        if (f.on != null && !f.on.equals("NATURAL")) {
          b.append(f.on.startsWith("USING") ? " " + f.on : " " + s.kw("ON") + " " + f.on);
        }
      }
      if (where != null) {
        b.append(s.sep()).append(s.kw("WHERE")).append(' ').append(where);
      }
      if (!groupBy.isEmpty()) {
        b.append(s.sep()).append(s.kw("GROUP BY")).append(' ').append(String.join(", ", groupBy));
      }
      if (having != null) {
        b.append(s.sep()).append(s.kw("HAVING")).append(' ').append(having);
      }
      return b.toString();
    }

    /** This select and those inside it (WITH items, derived tables, the set operation's branch). */
    List<Select> nodes() {
      List<Select> all = new ArrayList<>(List.of(this));
      withBodies.forEach(w -> all.addAll(w.nodes()));
      from.stream().filter(f -> f.derived != null).forEach(f -> all.addAll(f.derived.nodes()));
      if (union != null) {
        all.addAll(union.nodes());
      }
      return all;
    }
  }

  /** What an expression may read: the relations in scope, and the models a subquery may read. */
  record Ctx(List<Src> scope, boolean qualify, List<String> others, Map<String, List<Col>> columns) {
    List<String[]> refs(T type) {
      List<String[]> refs = new ArrayList<>();
      for (Src s : scope) {
        for (Col c : s.cols()) {
          if (c.type() == type && c.name() != null) {
            refs.add(new String[] {s.alias(), c.name()});
          }
        }
      }
      return refs;
    }
  }

  /** The grammar. */
  static final class Gen {
    private static final Set<String> ALWAYS_QUOTED = Set.of("order", "group", "select", "from", "where", "limit");
    private static final Set<String> KEYWORDS = Set.of("year", "day", "month", "partition", "filter", "escape",
        "value", "date", "kind", "name", "first", "last", "text", "key", "type", "rank", "data");
    private static final String[] ALIASES = {"x", "y", "z", "total", "cnt", "year", "day", "month", "partition",
        "filter", "escape", "value", "k", "v", "Amt", "order", "first", "text", "key", "rank", "w2", "c_1"};
    private static final String[] TEXT_LITERALS = {"'x'", "'a--b'", "'it''s'", "'/* no */'", "'-- no'", "'Q r'",
        "'y'", "''"};

    final Random r;
    final Backend backend;
    int aliases;

    Gen(Random r, Backend backend) {
      this.r = r;
      this.backend = backend;
    }

    static String ident(String name, boolean quote) {
      boolean plain = name.matches("[a-z_][a-z0-9_]*") && !ALWAYS_QUOTED.contains(name);
      return plain && !quote ? name : "\"" + name + "\"";
    }

    static String ref(Src s, Col c, boolean qualify) {
      return (qualify && s.alias() != null ? s.alias() + "." : "") + ident(c.name(), false);
    }

    String ref(String alias, String name, boolean qualify) {
      boolean quote = KEYWORDS.contains(name) && r.nextInt(3) == 0;
      return (qualify && alias != null ? alias + "." : "") + ident(name, quote);
    }

    String freshAlias(Set<String> taken) {
      for (int i = 0; i < 20; i++) {
        String a = ALIASES[r.nextInt(ALIASES.length)];
        if (taken.stream().noneMatch(t -> t.equalsIgnoreCase(a))) {
          return a;
        }
      }
      String a;
      do {
        a = "c" + (++aliases);
      } while (taken.contains(a));
      return a;
    }

    // --- queries

    /** A query over {@code parents}, at nesting {@code depth}. */
    Select query(List<String> parents, Map<String, List<Col>> columns, int depth) {
      // mostly plain queries: row-wise ones are those whose unread columns may change without a rebuild
      int form = r.nextInt(depth > 0 ? 16 : 20);
      if (form == 16) {
        return withQuery(parents, columns);
      }
      if (form == 17) {
        return derivedQuery(parents, columns);
      }
      if (form >= 18) {
        return unionQuery(parents, columns);
      }
      List<From> from = fromClause(parents, columns);
      Ctx ctx = ctx(from, parents, columns);
      return form < 4 ? aggregate(from, ctx, depth) : plain(from, ctx, depth);
    }

    private Ctx ctx(List<From> from, List<String> parents, Map<String, List<Col>> columns) {
      List<Src> scope = from.stream().map(f -> f.src).toList();
      return new Ctx(scope, scope.size() > 1 || (scope.get(0).alias() != null && r.nextInt(3) == 0), parents, columns);
    }

    private List<From> fromClause(List<String> parents, Map<String, List<Col>> columns) {
      List<From> from = new ArrayList<>();
      From first = new From();
      first.source = parents.get(0);
      first.alias = parents.size() > 1 || r.nextInt(3) > 0 ? "p" : null;
      first.src = new Src(first.alias != null ? first.alias : null, columns.get(first.source));
      from.add(first);
      if (parents.size() > 1) {
        From second = new From();
        second.source = parents.get(1);
        second.alias = "q";
        second.src = new Src("q", columns.get(second.source));
        second.join = new String[] {"JOIN", "LEFT JOIN", "INNER JOIN", "LEFT OUTER JOIN"}[r.nextInt(4)];
        second.on = joinCondition(first.src, second.src);
        from.add(second);
      }
      return from;
    }

    String joinCondition(Src left, Src right) {
      List<String> conditions = new ArrayList<>();
      for (Col l : left.cols()) {
        for (Col c : right.cols()) {
          if (l.type() == c.type() && l.type() != T.DEC) {
            conditions.add(l.name().equals(c.name()) && r.nextInt(3) == 0 ? "USING (" + ident(c.name(), false) + ")"
                : ref(left.alias(), l.name(), true) + " = " + ref(right.alias(), c.name(), true));
          }
        }
      }
      if (conditions.isEmpty()) {
        return "1 = 1";
      }
      // NATURAL: every common name; a column added to either side with a name of the other's joins on it too
      boolean natural = true;
      boolean common = false;
      for (Col l : left.cols()) {
        for (Col c : right.cols()) {
          if (l.name().equalsIgnoreCase(c.name())) {
            common = true;
            natural &= l.name().equals(c.name()) && l.type() == c.type() && l.type() != T.DEC;
          }
        }
      }
      if (natural && common && r.nextInt(3) == 0) {
        return "NATURAL";
      }
      String on = conditions.get(r.nextInt(conditions.size()));
      if (!on.startsWith("USING") && !on.equals("NATURAL") && r.nextInt(4) == 0) {
        on += " AND " + condition(new Ctx(List.of(left, right), true, List.of(), Map.of()), 1);
      }
      return on;
    }

    private Select plain(List<From> from, Ctx ctx, int depth) {
      Select s = new Select();
      s.from = from;
      s.ctx = ctx;
      Set<String> taken = new LinkedHashSet<>();
      boolean joined = from.size() > 1;
      boolean usingJoin = joined && (from.get(1).on.startsWith("USING") || from.get(1).on.equals("NATURAL"));
      int choice = r.nextInt(6);
      if (choice == 0 && !usingJoin) {
        // a star: over a join only when the names do not clash
        List<Col> all = new ArrayList<>();
        ctx.scope().forEach(src -> all.addAll(src.cols()));
        if (all.stream().map(c -> c.name().toLowerCase(Locale.ROOT)).distinct().count() == all.size()) {
          Item star = new Item();
          star.role = Role.STAR;
          star.starCols = all;
          s.items.add(star);
          all.forEach(c -> taken.add(c.name()));
        }
      } else if (choice == 1 && from.get(0).alias != null) {
        Item star = new Item();
        star.role = Role.STAR;
        star.starQualifier = from.get(0).alias;
        star.starCols = from.get(0).src.cols();
        s.items.add(star);
        star.starCols.forEach(c -> taken.add(c.name()));
      }
      int n = 1 + r.nextInt(4);
      for (int i = 0; i < n; i++) {
        Item item = plainItem(ctx, taken, true);
        if (item != null) {
          s.items.add(r.nextInt(3) == 0 ? 0 : s.items.size(), item);
        }
      }
      if (s.items.isEmpty()) {
        s.items.add(columnItem(ctx, taken));
      }
      if (r.nextInt(3) == 0) {
        s.where = condition(ctx, 0);
      }
      if (r.nextInt(12) == 0) {
        s.distinct = true;
      }
      if (r.nextInt(8) == 0) {
        orderLimit(s);
      }
      return s;
    }

    void orderLimit(Select s) {
      s.orderKey = s.ordersByScope() ? nonConst(T.INT, s.ctx) : String.valueOf(1 + r.nextInt(s.outputs().size()));
      s.desc = r.nextBoolean();
      s.limit = 1 + r.nextInt(5);
      // no OFFSET: DuckDB 1.4 reads a VIEW with ORDER BY ... LIMIT ... OFFSET twice in one query (a self
      // join) with rows that vary from run to run, which no analysis can follow
      s.offset = null;
    }

    Item columnItem(Ctx ctx, Set<String> taken) {
      Src src = ctx.scope().get(r.nextInt(ctx.scope().size()));
      Col c = src.cols().get(r.nextInt(src.cols().size()));
      Item item = new Item();
      item.role = Role.PLAIN;
      item.type = c.type();
      item.expr = ref(src.alias(), c.name(), ctx.qualify());
      if (taken.stream().anyMatch(t -> t.equalsIgnoreCase(c.name())) || r.nextInt(4) == 0) {
        item.alias = freshAlias(taken);
      }
      taken.add(item.outputs().get(0).name());
      return item;
    }

    /** A column of a plain query: a column, an expression, a window function or a subquery. */
    Item plainItem(Ctx ctx, Set<String> taken, boolean windows) {
      int k = r.nextInt(10);
      if (k < 3 || (k < 5 && r.nextBoolean())) {
        return columnItem(ctx, taken);
      }
      Item item = new Item();
      item.role = Role.PLAIN;
      item.type = T.values()[r.nextInt(3)];
      if (k < 8 || !windows) {
        item.expr = expr(item.type, ctx, 0, true);
      } else if (k < 9) {
        item.role = Role.WINDOW;
        window(item, ctx);
      } else {
        item.expr = subquery(item.type, ctx);
      }
      item.alias = freshAlias(taken);
      taken.add(item.alias);
      return item;
    }

    /** A window function whose result is one multiset of rows whatever order ties are read in. */
    void window(Item item, Ctx ctx) {
      String partition = r.nextInt(3) > 0 ? s("PARTITION BY ", ctx, T.TEXT) : "";
      String all = allColumns(ctx);
      String key = nonConst(r.nextBoolean() ? T.INT : T.DEC, ctx);
      switch (r.nextInt(8)) {
        case 0 -> {
          item.type = T.INT;
          item.windowArg = "row_number()";
          item.windowOver = partition + "ORDER BY " + all;
        }
        case 1 -> {
          item.type = T.INT;
          item.windowArg = r.nextBoolean() ? "rank()" : "dense_rank()";
          item.windowOver = partition + "ORDER BY " + key + (r.nextBoolean() ? " DESC" : "");
        }
        case 2 -> {
          item.type = T.INT;
          item.windowArg = "count(*)";
          item.windowOver = partition.strip();
        }
        case 3 -> {
          item.type = T.INT;
          item.windowArg = "sum(" + nonConst(T.INT, ctx) + ")";
          item.windowOver = partition + "ORDER BY " + key;
        }
        case 4 -> {
          item.type = T.INT;
          item.windowArg = "sum(" + nonConst(T.INT, ctx) + ")";
          item.windowOver = partition + "ORDER BY " + all + " " + frame("ROWS");
        }
        case 5 -> {
          item.type = T.TEXT;
          item.windowArg = (r.nextBoolean() ? "lag(" : "lead(") + nonConst(T.TEXT, ctx) + ")";
          item.windowOver = partition + "ORDER BY " + all;
        }
        case 6 -> {
          item.type = T.INT;
          String col = oneColumn(ctx, T.INT);
          item.windowArg = "max(" + nonConst(T.INT, ctx) + ")";
          item.windowOver = col == null ? partition.strip()
              : partition + "ORDER BY " + col + " " + frame("RANGE");
        }
        default -> {
          item.type = T.INT;
          item.windowArg = "min(" + nonConst(T.INT, ctx) + ")";
          item.windowOver = partition + "ORDER BY " + key + " RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW";
        }
      }
    }

    String frame(String unit) {
      return switch (r.nextInt(4)) {
        case 0 -> unit + " BETWEEN 1 PRECEDING AND CURRENT ROW";
        case 1 -> unit + " BETWEEN UNBOUNDED PRECEDING AND 1 FOLLOWING";
        case 2 -> unit + " BETWEEN 2 PRECEDING AND 1 FOLLOWING";
        default -> unit + " BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING";
      };
    }

    private String s(String prefix, Ctx ctx, T type) {
      return prefix + nonConst(type, ctx) + " ";
    }

    String allColumns(Ctx ctx) {
      List<String> all = new ArrayList<>();
      for (Src src : ctx.scope()) {
        for (Col c : src.cols()) {
          all.add(ref(src.alias(), c.name(), ctx.qualify()));
        }
      }
      return String.join(", ", all);
    }

    String oneColumn(Ctx ctx, T type) {
      List<String[]> refs = ctx.refs(type);
      if (refs.isEmpty()) {
        return null;
      }
      String[] c = refs.get(r.nextInt(refs.size()));
      return ref(c[0], c[1], ctx.qualify());
    }

    String subquery(T type, Ctx ctx) {
      String other = ctx.others().get(r.nextInt(ctx.others().size()));
      Src inner = new Src("i", ctx.columns().get(other));
      // inner names unqualified at times: a column the other model comes to have takes the name over
      Ctx innerCtx = new Ctx(List.of(inner), r.nextBoolean(), List.of(), Map.of());
      String agg = switch (type) {
        case INT -> r.nextBoolean() ? "count(*)" : "max(" + nonConst(T.INT, innerCtx) + ")";
        case DEC -> "sum(" + nonConst(T.DEC, innerCtx) + ")";
        default -> "min(" + nonConst(T.TEXT, innerCtx) + ")";
      };
      String where = "";
      Src outer = ctx.scope().get(0);
      if (r.nextBoolean()) {
        String correlation = correlation(inner, outer);
        where = correlation == null ? "" : " WHERE " + correlation;
      }
      return "(SELECT " + agg + " FROM " + other + " AS i" + where + ")";
    }

    /**
     * i.c = outer column; the outer column unqualified when the inner model has no column of that name
     * (SQL resolves it outwards), so a column of that name added to the inner model captures it.
     */
    private String correlation(Src inner, Src outer) {
      List<String> options = new ArrayList<>();
      for (Col i : inner.cols()) {
        for (Col o : outer.cols()) {
          if (i.type() == o.type()) {
            boolean free = inner.cols().stream().noneMatch(c -> c.name().equalsIgnoreCase(o.name()));
            String outerRef = free && (outer.alias() == null || r.nextBoolean()) ? ref(null, o.name(), false)
                : outer.alias() == null ? null : ref(outer.alias(), o.name(), true);
            if (outerRef != null) {
              options.add(ref("i", i.name(), true) + " = " + outerRef);
            }
          }
        }
      }
      return options.isEmpty() ? null : options.get(r.nextInt(options.size()));
    }

    private Select aggregate(List<From> from, Ctx ctx, int depth) {
      Select s = new Select();
      s.from = from;
      s.ctx = ctx;
      s.aggregate = true;
      Set<String> taken = new LinkedHashSet<>();
      int keys = r.nextInt(3);
      s.groupByPosition = r.nextInt(4) == 0;
      for (int i = 0; i < keys; i++) {
        Item key = r.nextBoolean() ? columnItem(ctx, taken) : plainItem(ctx, taken, false);
        if (key.role == Role.PLAIN && (key.expr.startsWith("(SELECT") || !readsAColumn(key.expr, ctx))) {
          taken.remove(key.outputs().get(0).name());
          continue;
        }
        key.role = Role.KEY;
        s.items.add(key);
        String name = key.outputs().get(0).name();
        boolean shadows = ctx.scope().stream().anyMatch(src -> src.cols().stream()
            .anyMatch(c -> c.name().equalsIgnoreCase(name)));
        // by its alias at times: a column of that name added to the parent would take GROUP BY over
        s.groupBy.add(s.groupByPosition ? String.valueOf(s.items.size())
            : key.alias != null && !shadows && r.nextInt(3) == 0 ? Gen.ident(key.alias, false) : key.expr);
      }
      int aggs = 1 + r.nextInt(3);
      for (int i = 0; i < aggs; i++) {
        Item agg = aggItem(ctx, taken);
        s.items.add(s.groupByPosition ? s.items.size() : r.nextInt(s.items.size() + 1), agg);
      }
      if (r.nextInt(3) == 0) {
        s.where = condition(ctx, 0);
      }
      if (r.nextInt(4) == 0) {
        s.having = aggCall(T.INT, ctx) + " > " + r.nextInt(3);
      }
      if (r.nextInt(5) == 0) {
        orderLimit(s);
      }
      return s;
    }

    Item aggItem(Ctx ctx, Set<String> taken) {
      Item agg = new Item();
      agg.role = Role.AGG;
      agg.type = T.values()[r.nextInt(3)];
      agg.expr = aggCall(agg.type, ctx);
      agg.alias = freshAlias(taken);
      taken.add(agg.alias);
      return agg;
    }

    String aggCall(T type, Ctx ctx) {
      return switch (type) {
        case INT -> switch (r.nextInt(6)) {
          case 0 -> "count(*)";
          case 1 -> "count(DISTINCT " + nonConst(T.TEXT, ctx) + ")";
          case 2 -> "count(*) FILTER (WHERE " + condition(ctx, 1) + ")";
          case 3 -> "max(" + nonConst(T.INT, ctx) + ")";
          case 4 -> "coalesce(sum(" + nonConst(T.INT, ctx) + "), 0)";
          default -> "count(" + nonConst(T.INT, ctx) + ")";
        };
        case DEC -> switch (r.nextInt(3)) {
          case 0 -> "sum(" + nonConst(T.DEC, ctx) + ")";
          case 1 -> "min(" + nonConst(T.DEC, ctx) + ")";
          default -> "avg(" + nonConst(T.INT, ctx) + ")";
        };
        default -> {
          // ordered by the value itself last: tied keys give one string whichever row comes first
          String value = nonConst(T.TEXT, ctx);
          yield r.nextBoolean() ? "max(" + value + ")"
              : "string_agg(" + value + ", ',' ORDER BY " + nonConst(T.INT, ctx) + " DESC, " + value + ")";
        }
      };
    }

    private Select withQuery(List<String> parents, Map<String, List<Col>> columns) {
      Select body = query(parents, columns, 1);
      String name = r.nextBoolean() ? "w" : "base";
      Map<String, List<Col>> inner = new LinkedHashMap<>(columns);
      inner.put(name, body.outputs());
      List<String> sources = new ArrayList<>(List.of(name));
      if (r.nextInt(3) == 0) {
        sources.add(parents.get(parents.size() - 1));
      }
      List<From> from = fromClause(sources, inner);
      Ctx ctx = ctx(from, parents, columns);
      Select s = r.nextBoolean() ? plain(from, ctx, 1) : aggregate(from, ctx, 1);
      s.withNames.add(name);
      s.withBodies.add(body);
      return s;
    }

    private Select derivedQuery(List<String> parents, Map<String, List<Col>> columns) {
      Select body = query(parents, columns, 1);
      From f = new From();
      f.derived = body;
      f.alias = "sub";
      f.src = new Src("sub", body.outputs());
      if (r.nextInt(3) == 0) {
        // names by position: sub(c1, c2, ...)
        List<Col> renamed = new ArrayList<>();
        Set<String> taken = new LinkedHashSet<>();
        for (Col c : body.outputs()) {
          renamed.add(new Col(freshAlias(taken), c.type()));
          taken.add(renamed.get(renamed.size() - 1).name());
        }
        f.columnAliases = renamed.stream().map(Col::name).toList();
        f.src = new Src("sub", renamed);
      }
      List<From> from = new ArrayList<>(List.of(f));
      Ctx ctx = new Ctx(List.of(f.src), r.nextBoolean(), parents, columns);
      return r.nextBoolean() ? plain(from, ctx, 1) : aggregate(from, ctx, 1);
    }

    private Select unionQuery(List<String> parents, Map<String, List<Col>> columns) {
      if (r.nextInt(4) == 0) {
        // a star in each branch: the branches line up by position
        Select first = plainStar(parents.get(0), columns);
        Select second = plainStar(parents.get(0), columns);
        second.where = condition(second.ctx, 0);
        first.unionOp = r.nextBoolean() ? "UNION" : "UNION ALL";
        first.union = second;
        return first;
      }
      List<From> from = fromClause(List.of(parents.get(0)), columns);
      Ctx ctx = ctx(from, parents, columns);
      Select first = new Select();
      first.from = from;
      first.ctx = ctx;
      Set<String> taken = new LinkedHashSet<>();
      int n = 1 + r.nextInt(3);
      for (int i = 0; i < n; i++) {
        Item item = plainItem(ctx, taken, false);
        first.items.add(item);
      }
      if (r.nextBoolean()) {
        first.where = condition(ctx, 0);
      }
      List<From> from2 = fromClause(List.of(parents.get(parents.size() - 1)), columns);
      Ctx ctx2 = ctx(from2, parents, columns);
      Select second = new Select();
      second.from = from2;
      second.ctx = ctx2;
      for (Item i : first.items) {
        Item other = new Item();
        other.role = Role.PLAIN;
        other.type = i.type;
        other.expr = expr(i.type, ctx2, 0, true);
        other.alias = r.nextBoolean() ? freshAlias(Set.of()) : null;
        if (other.alias == null && !other.expr.matches("[a-z.\"A-Z_0-9]+")) {
          other.alias = "u";
        }
        second.items.add(other);
      }
      if (r.nextBoolean()) {
        second.where = condition(ctx2, 0);
      }
      first.unionOp = r.nextBoolean() ? "UNION" : "UNION ALL";
      first.union = second;
      if (r.nextInt(4) == 0) {
        orderLimit(first);
      }
      return first;
    }

    private Select plainStar(String parent, Map<String, List<Col>> columns) {
      Select s = new Select();
      s.from = fromClause(List.of(parent), columns);
      s.ctx = ctx(s.from, List.of(parent), columns);
      Item star = new Item();
      star.role = Role.STAR;
      star.starCols = s.from.get(0).src.cols();
      s.items.add(star);
      return s;
    }

    // --- expressions

    /** An expression of {@code type} over the scope; {@code cases} allows CASE and subqueries. */
    String expr(T type, Ctx ctx, int depth, boolean cases) {
      List<String[]> refs = ctx.refs(type);
      int k = r.nextInt(20);
      // mostly columns: a child that reads its parents' columns is what a change may or may not affect
      int columns = depth >= 2 ? 16 : depth == 1 ? 10 : 6;
      if (k < columns && !refs.isEmpty()) {
        String[] c = refs.get(r.nextInt(refs.size()));
        // unqualified in a join at times, where the name is one side's alone: a column of that name
        // added to the other side makes it ambiguous
        boolean unique = ctx.scope().stream().flatMap(src -> src.cols().stream())
            .filter(col -> col.name().equalsIgnoreCase(c[1])).count() == 1;
        return ref(c[0], c[1], ctx.qualify() && !(unique && r.nextInt(3) == 0));
      }
      if (depth >= 2 || k >= 18 || (k < columns && r.nextBoolean())) {
        return literal(type, ctx, depth);
      }
      if (k >= 16 && cases) {
        return "CASE WHEN " + condition(ctx, depth + 1) + " THEN " + expr(type, ctx, depth + 1, false) + " ELSE "
            + expr(type, ctx, depth + 1, false) + " END";
      }
      String a = expr(type, ctx, depth + 1, false);
      return switch (type) {
        case INT -> switch (r.nextInt(9)) {
          case 0 -> a + " + " + expr(T.INT, ctx, depth + 1, false);
          case 1 -> a + " - " + r.nextInt(4);
          case 2 -> a + " * " + (r.nextInt(3) + 2);
          case 3 -> "abs(" + a + ")";
          case 4 -> "coalesce(" + a + ", " + r.nextInt(3) + ")";
          case 5 -> "length(" + expr(T.TEXT, ctx, depth + 1, false) + ")";
          case 6 -> "CAST(" + expr(T.DEC, ctx, depth + 1, false) + " AS INTEGER)";
          case 7 -> "(" + a + ") % " + (2 + r.nextInt(3));
          default -> "greatest(" + a + ", " + r.nextInt(3) + ")";
        };
        case DEC -> switch (r.nextInt(4)) {
          case 0 -> a + " * 2";
          case 1 -> a + " + 0.5";
          case 2 -> "CAST(" + expr(T.INT, ctx, depth + 1, false) + " AS DECIMAL(10, 2))";
          default -> "coalesce(" + a + ", 0.25)";
        };
        case TEXT -> switch (r.nextInt(7)) {
          case 0 -> "upper(" + a + ")";
          case 1 -> "lower(" + a + ")";
          case 2 -> a + " || " + TEXT_LITERALS[r.nextInt(TEXT_LITERALS.length)];
          case 3 -> "CAST(" + expr(T.INT, ctx, depth + 1, false) + " AS VARCHAR)";
          case 4 -> "coalesce(" + a + ", 'none')";
          case 5 -> "substr(" + a + ", 1, 2)";
          default -> "replace(" + a + ", 'x', 'w')";
        };
        case DATE -> r.nextBoolean() ? a + " + 1" : "coalesce(" + a + ", DATE '2024-02-02')";
      };
    }

    /**
     * An expression that reads a column: a constant is a position in ORDER BY and GROUP BY, and of
     * no type PostgreSQL can call a polymorphic function with ('x' in lag('x')).
     */
    String nonConst(T type, Ctx ctx) {
      for (int i = 0; i < 6; i++) {
        String e = expr(type, ctx, 1, false);
        if (readsAColumn(e, ctx)) {
          return e;
        }
      }
      String column = oneColumn(ctx, type);
      if (column != null) {
        return column;
      }
      Src src = ctx.scope().get(0);
      Col c = src.cols().get(0);
      String any = ref(src.alias(), c.name(), ctx.qualify());
      return switch (type) {
        case INT -> "length(CAST(" + any + " AS VARCHAR))";
        case DEC -> "CAST(length(CAST(" + any + " AS VARCHAR)) AS DECIMAL(10, 2))";
        case TEXT -> "CAST(" + any + " AS VARCHAR)";
        case DATE -> "DATE '2024-01-01' + length(CAST(" + any + " AS VARCHAR))";
      };
    }

    static boolean readsAColumn(String expr, Ctx ctx) {
      String code = expr.replaceAll("'[^']*'", "''");
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"([^\"]+)\"|[A-Za-z_][A-Za-z_0-9]*").matcher(code);
      while (m.find()) {
        String name = m.group(1) != null ? m.group(1) : m.group();
        for (Src src : ctx.scope()) {
          for (Col c : src.cols()) {
            if (c.name().equalsIgnoreCase(name)) {
              return true;
            }
          }
        }
      }
      return false;
    }

    String literal(T type, Ctx ctx, int depth) {
      return switch (type) {
        case INT -> String.valueOf(r.nextInt(5));
        case DEC -> (r.nextInt(8) - 2) * 0.25 + "";
        case TEXT -> TEXT_LITERALS[r.nextInt(TEXT_LITERALS.length)];
        case DATE -> "DATE '2024-01-1" + r.nextInt(10) + "'";
      };
    }

    String condition(Ctx ctx, int depth) {
      int k = r.nextInt(depth >= 2 ? 5 : 11);
      T type = T.values()[r.nextInt(3)];
      return switch (k) {
        case 0, 1 -> expr(type, ctx, depth + 1, false) + " " + new String[] {"<", ">", "=", "<>", "<=", ">="}[r.nextInt(6)]
            + " " + expr(type, ctx, depth + 1, false);
        case 2 -> expr(type, ctx, depth + 1, false) + (r.nextBoolean() ? " IS NULL" : " IS NOT NULL");
        case 3 -> expr(T.INT, ctx, depth + 1, false) + " BETWEEN " + r.nextInt(2) + " AND " + (2 + r.nextInt(4));
        case 4 -> expr(T.TEXT, ctx, depth + 1, false) + " IN ('x', 'y', 'a--b')";
        case 5 -> "(" + condition(ctx, depth + 1) + " OR " + condition(ctx, depth + 1) + ")";
        case 6 -> condition(ctx, depth + 1) + " AND " + condition(ctx, depth + 1);
        case 7 -> "NOT (" + condition(ctx, depth + 1) + ")";
        case 8 -> expr(T.TEXT, ctx, depth + 1, false) + " LIKE '" + (r.nextBoolean() ? "x%" : "%-%") + "'";
        case 9 -> ctx.others().isEmpty() ? "1 = 1" : exists(ctx);
        default -> expr(type, ctx, depth + 1, false) + " IS DISTINCT FROM " + expr(type, ctx, depth + 1, false);
      };
    }

    private String exists(Ctx ctx) {
      String other = ctx.others().get(r.nextInt(ctx.others().size()));
      Src inner = new Src("i", ctx.columns().get(other));
      Src outer = ctx.scope().get(0);
      if (r.nextBoolean()) {
        String correlation = correlation(inner, outer);
        if (correlation != null) {
          return (r.nextBoolean() ? "" : "NOT ") + "EXISTS (SELECT 1 FROM " + other + " AS i WHERE " + correlation + ")";
        }
      }
      T type = T.values()[r.nextInt(2) * 2]; // INT or TEXT
      List<String[]> outerRefs = ctx.refs(type);
      List<String[]> innerRefs = new Ctx(List.of(inner), true, List.of(), Map.of()).refs(type);
      if (outerRefs.isEmpty() || innerRefs.isEmpty()) {
        return "1 = 1";
      }
      String[] o = outerRefs.get(r.nextInt(outerRefs.size()));
      String[] i = innerRefs.get(r.nextInt(innerRefs.size()));
      return ref(o[0], o[1], ctx.qualify()) + (r.nextBoolean() ? " IN" : " NOT IN") + " (SELECT "
          + ref("i", i[1], r.nextBoolean()) + " FROM " + other + " AS i)";
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Edits

  /** One random edit of a model; returns what it did, or null when it found nothing to do. */
  static final class Editor {
    final Random r;
    final Gen g;
    final Map<String, List<Col>> columns;

    Editor(Random r, Gen g, Map<String, List<Col>> columns) {
      this.r = r;
      this.g = g;
      this.columns = columns;
    }

    String edit(Model m) {
      // more column edits (non-breaking, partial breaking): what lets descendants keep their tables
      int op = r.nextInt(22);
      if (op >= 16) {
        op = op < 19 ? 2 : 5;
      }
      if (op == 0) {
        m.style = r.nextLong();
        return "format only (whitespace, keyword case, comments)";
      }
      if (op == 1) {
        m.kind = m.kind.equals("VIEW") ? "FULL" : "VIEW";
        return "kind to " + m.kind;
      }
      List<Select> nodes = m.query.nodes();
      Select s = r.nextInt(3) > 0 ? m.query : nodes.get(r.nextInt(nodes.size()));
      Set<String> taken = new LinkedHashSet<>();
      s.outputs().forEach(c -> taken.add(c.name()));
      List<Integer> exprItems = new ArrayList<>();
      for (int i = 0; i < s.items.size(); i++) {
        if (s.items.get(i).role != Role.STAR) {
          exprItems.add(i);
        }
      }
      String where = s == m.query ? "" : " (inside)";
      switch (op) {
        case 2, 3, 4 -> {
          Item item = s.aggregate ? g.aggItem(s.ctx, taken) : g.plainItem(s.ctx, taken, s.union == null);
          int at = r.nextInt(s.items.size() + 1);
          if (s.union != null) {
            Item other = item.copy();
            other.role = Role.PLAIN;
            other.expr = g.expr(item.type, s.union.ctx, 0, true);
            other.alias = "u2";
            s.union.items.add(Math.min(at, s.union.items.size()), other);
          }
          s.items.add(at, item);
          return "column " + item.render(new Style(0)) + " added at " + at + where;
        }
        case 5, 6, 7 -> {
          if (exprItems.isEmpty()) {
            return null;
          }
          Item item = s.items.get(exprItems.get(r.nextInt(exprItems.size())));
          String before = item.render(new Style(0));
          if (item.role == Role.AGG) {
            item.expr = g.aggCall(item.type, s.ctx);
          } else if (item.role == Role.WINDOW) {
            String alias = item.alias;
            g.window(item, s.ctx);
            item.alias = alias;
          } else if (item.role == Role.KEY) {
            String old = item.expr;
            String alias = item.alias == null ? Item.bareName(old) : item.alias;
            item.expr = g.nonConst(item.type, s.ctx);
            item.alias = alias;
            s.groupBy.replaceAll(k -> k.equals(old) ? item.expr : k);
          } else {
            String alias = item.alias == null ? Item.bareName(item.expr) : item.alias;
            item.expr = mutate(item, s.ctx);
            item.alias = alias;
          }
          return "column " + before + " changed to " + item.render(new Style(0)) + where;
        }
        case 8 -> {
          if (s.items.size() < 2) {
            return null;
          }
          int at = r.nextInt(s.items.size());
          Item item = s.items.get(at);
          if (item.role == Role.KEY) {
            return null;
          }
          s.items.remove(at);
          if (s.union != null && at < s.union.items.size()) {
            s.union.items.remove(at);
          }
          return "column " + item.render(new Style(0)) + " removed" + where;
        }
        case 9 -> {
          if (exprItems.isEmpty()) {
            return null;
          }
          Item item = s.items.get(exprItems.get(r.nextInt(exprItems.size())));
          String before = item.render(new Style(0));
          item.alias = g.freshAlias(taken);
          return "column " + before + " renamed to " + item.alias + where;
        }
        case 10 -> {
          if (s.items.size() < 2) {
            return null;
          }
          int a = r.nextInt(s.items.size());
          int b = r.nextInt(s.items.size());
          java.util.Collections.swap(s.items, a, b);
          if (s.union != null && Math.max(a, b) < s.union.items.size()) {
            java.util.Collections.swap(s.union.items, a, b);
          }
          return "columns " + a + " and " + b + " swapped" + where;
        }
        case 11 -> {
          String before = s.where;
          s.where = switch (r.nextInt(3)) {
            case 0 -> null;
            case 1 -> s.where == null ? g.condition(s.ctx, 0) : s.where + " AND " + g.condition(s.ctx, 1);
            default -> g.condition(s.ctx, 0);
          };
          return "WHERE " + before + " to " + s.where + where;
        }
        case 12 -> {
          if (s.aggregate) {
            if (r.nextBoolean()) {
              String before = s.having;
              s.having = r.nextBoolean() ? null : g.aggCall(T.INT, s.ctx) + " > " + r.nextInt(3);
              return "HAVING " + before + " to " + s.having + where;
            }
            Item key = g.columnItem(s.ctx, taken);
            key.role = Role.KEY;
            s.items.add(0, key);
            if (s.groupByPosition) {
              s.groupBy = new ArrayList<>();
              for (int i = 0; i < s.items.size(); i++) {
                if (s.items.get(i).role == Role.KEY) {
                  s.groupBy.add(String.valueOf(i + 1));
                }
              }
            } else {
              s.groupBy.add(key.expr);
            }
            return "group key " + key.render(new Style(0)) + " added" + where;
          }
          s.distinct = !s.distinct;
          return "DISTINCT " + (s.distinct ? "added" : "removed") + where;
        }
        case 13 -> {
          if (s.orderKey == null || r.nextInt(3) == 0) {
            g.orderLimit(s);
            return "ORDER BY " + s.orderKey + " LIMIT " + s.limit + where;
          }
          if (r.nextBoolean()) {
            s.limit = s.limit == null ? 3 : s.limit + 1;
            return "LIMIT to " + s.limit + where;
          }
          s.desc = !s.desc;
          return "ORDER BY direction flipped" + where;
        }
        case 14 -> {
          for (Item item : s.items) {
            if (item.role == Role.WINDOW && item.windowOver.contains("BETWEEN")) {
              String before = item.windowOver;
              String unit = item.windowOver.contains("ROWS") ? "ROWS" : "RANGE";
              item.windowOver = item.windowOver.substring(0, item.windowOver.indexOf(unit)) + g.frame(unit);
              return "window frame " + before + " to " + item.windowOver + where;
            }
          }
          if (s.from.size() > 1 && !s.from.get(1).on.startsWith("USING") && !s.from.get(1).on.equals("NATURAL")) {
            From f = s.from.get(1);
            f.join = f.join.startsWith("LEFT") ? "JOIN" : "LEFT JOIN";
            return "join to " + f.join + where;
          }
          if (s.union != null) {
            s.unionOp = s.unionOp.equals("UNION") ? "UNION ALL" : "UNION";
            return "set operation to " + s.unionOp + where;
          }
          return null;
        }
        default -> {
          // a literal changed in place: the text of a string with -- in it, a number
          if (exprItems.isEmpty()) {
            return null;
          }
          Item item = s.items.get(exprItems.get(r.nextInt(exprItems.size())));
          String text = item.role == Role.WINDOW ? item.windowArg : item.expr;
          java.util.regex.Matcher lit = java.util.regex.Pattern.compile("'[^']*'|\\b\\d+\\b").matcher(text);
          List<int[]> spans = new ArrayList<>();
          while (lit.find()) {
            spans.add(new int[] {lit.start(), lit.end()});
          }
          if (spans.isEmpty()) {
            return null;
          }
          int[] span = spans.get(r.nextInt(spans.size()));
          String old = text.substring(span[0], span[1]);
          String replacement = old.startsWith("'") ? "'-- " + r.nextInt(3) + "'" : String.valueOf(r.nextInt(5));
          String changed = text.substring(0, span[0]) + replacement + text.substring(span[1]);
          String before = item.render(new Style(0));
          if (item.role == Role.WINDOW) {
            item.windowArg = changed;
          } else {
            if (item.alias == null) {
              item.alias = Item.bareName(item.expr);
            }
            if (item.role == Role.KEY) {
              s.groupBy.replaceAll(k -> k.equals(text) ? changed : k);
            }
            item.expr = changed;
          }
          return "literal " + old + " to " + replacement + " in " + before + where;
        }
      }
    }

    /** A new expression of the item's type, or the old one wrapped. */
    private String mutate(Item item, Ctx ctx) {
      return switch (r.nextInt(3)) {
        case 0 -> g.expr(item.type, ctx, 0, true);
        case 1 -> switch (item.type) {
          case INT -> "(" + item.expr + ") + 1";
          case DEC -> "(" + item.expr + ") * 2";
          case TEXT -> "lower(" + item.expr + ")";
          case DATE -> "(" + item.expr + ") + 1";
        };
        default -> "CASE WHEN " + g.condition(ctx, 1) + " THEN " + item.expr + " ELSE NULL END";
      };
    }
  }

}
