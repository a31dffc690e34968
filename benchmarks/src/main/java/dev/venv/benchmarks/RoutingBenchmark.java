package dev.venv.benchmarks;

import dev.venv.sql.Classification;
import dev.venv.sql.ModelReferenceRewriter;
import dev.venv.sql.SqlDialect;
import dev.venv.sql.StatementClassifier;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Routing a SQL text: what the driver adds to every statement before the backend sees it.
 * Budgets: a cached text < 1 µs, an uncached TPC-H-sized query < 20 µs.
 *
 * <p>The router itself is package-private; these go through {@code VenvConnection.nativeSQL},
 * which returns the routed text (on DuckDB, after DuckDB's own {@code nativeSQL}, which it does not
 * support: the driver then returns the routed text itself).
 *
 * <ul>
 *   <li>{@code nativeSqlCached}: the same TPC-H Q8 text every time: a hit in the routed-text cache.
 *   <li>{@code nativeSqlUncached}: Q8 with {@code LIMIT <n>} appended, {@code n} new each time: a
 *       miss, so the text is classified, its 8 model references are spliced and the result cached
 *       (building the 1 KB text is part of the figure).
 *   <li>{@code nativeSqlPointUncached}: a one-table point query with a new id each time, the
 *       routing half of {@code PeersQueryBenchmark.newText}.
 *   <li>{@code rewrite}, {@code classify}: the two halves of a miss, alone, on Q8, for reference:
 *       {@code ModelReferenceRewriter.rewrite} and {@code StatementClassifier.classify}.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class RoutingBenchmark {
  /** TPC-H Q8 (national market share), its tables qualified as models: 8 model references. */
  static final String Q8 = """
      -- TPC-H Q8: national market share
      SELECT
        o_year,
        SUM(CASE WHEN nation = 'BRAZIL' THEN volume ELSE 0 END) / SUM(volume) AS mkt_share
      FROM (
        SELECT
          EXTRACT(YEAR FROM o.o_orderdate) AS o_year,
          l.l_extendedprice * (1 - l.l_discount) AS volume,
          n2.n_name AS nation
        FROM
          tpch.part AS p,
          tpch.supplier AS s,
          tpch.lineitem AS l,
          tpch.orders AS o,
          tpch.customer AS c,
          tpch.nation AS n1,
          tpch.nation AS n2,
          tpch.region AS r
        WHERE
          p.p_partkey = l.l_partkey
          AND s.s_suppkey = l.l_suppkey
          AND l.l_orderkey = o.o_orderkey
          AND o.o_custkey = c.c_custkey
          AND c.c_nationkey = n1.n_nationkey
          AND n1.n_regionkey = r.r_regionkey
          AND r.r_name = 'AMERICA'
          AND s.s_nationkey = n2.n_nationkey
          AND o.o_orderdate BETWEEN DATE '1995-01-01' AND DATE '1996-12-31'
          AND p.p_type = 'ECONOMY ANODIZED STEEL'
      ) AS all_nations
      GROUP BY o_year
      ORDER BY o_year""";
  static final int Q8_REFERENCES = 8;
  static final String POINT_QUERY = "SELECT v, s FROM " + DriverWarehouse.POINTS + " WHERE id = ";

  /** A prod environment holding the TPC-H models, and a venv connection to it. */
  @State(Scope.Benchmark)
  public static class Driver {
    DriverWarehouse warehouse;
    long next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
      warehouse = DriverWarehouse.create(1_000, false);
      String routed = warehouse.venv().nativeSQL(Q8);
      int spliced = occurrences(routed, "\"venv__tpch\".");
      if (spliced != Q8_REFERENCES) {
        warehouse.close(); // JMH does not tear down after a failed setup
        warehouse = null;
        throw new IllegalStateException("Q8 routed with " + spliced + " physical names, not " + Q8_REFERENCES
            + ":\n" + routed);
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
      if (warehouse != null) {
        warehouse.close();
      }
    }
  }

  /** A rewriter over the TPC-H models' physical names, as the router builds one per environment. */
  @State(Scope.Benchmark)
  public static class Pure {
    ModelReferenceRewriter rewriter;

    @Setup(Level.Trial)
    public void setUp() {
      Map<String, String> physical = new TreeMap<>();
      for (String table : DriverWarehouse.TPCH) {
        physical.put("tpch." + table, "\"venv__tpch\".\"tpch__" + table + "__0123456789abcdef\"");
      }
      physical.put(DriverWarehouse.POINTS, "\"venv__bench\".\"bench__points__0123456789abcdef\"");
      rewriter = ModelReferenceRewriter.of(physical, SqlDialect.DUCKDB);
      if (occurrences(rewriter.rewrite(Q8), "\"venv__tpch\".") != Q8_REFERENCES) {
        throw new IllegalStateException("Q8 rewritten without its " + Q8_REFERENCES + " references");
      }
    }
  }

  @Benchmark
  public String nativeSqlCached(Driver d) throws SQLException {
    return d.warehouse.venv().nativeSQL(Q8);
  }

  @Benchmark
  public String nativeSqlUncached(Driver d) throws SQLException {
    return d.warehouse.venv().nativeSQL(Q8 + " LIMIT " + ++d.next);
  }

  /** The peers' point query with a new id each time: the miss a BI tool inlining literals causes. */
  @Benchmark
  public String nativeSqlPointUncached(Driver d) throws SQLException {
    return d.warehouse.venv().nativeSQL(POINT_QUERY + ++d.next);
  }

  @Benchmark
  public String rewrite(Pure p) {
    return p.rewriter.rewrite(Q8);
  }

  @Benchmark
  public Classification classify() {
    return StatementClassifier.classify(Q8, SqlDialect.DUCKDB);
  }

  static int occurrences(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }
}
