package dev.venv.benchmarks;

import com.p6spy.engine.spy.P6DataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;
import org.apache.shardingsphere.driver.api.yaml.YamlShardingSphereDataSourceFactory;
import org.openjdk.jmh.infra.Blackhole;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One fresh PostgreSQL database ({@link FreshPostgres}) whose prod holds one FULL model, {@code
 * bench.points} ({@code id, v, s} over {@code generate_series}, its physical table indexed on
 * {@code id}), and one connection to it per way a client could reach it: raw pgjdbc, venv ({@code
 * jdbc:venv:prod:postgresql:...}, which created prod), P6Spy wrapping pgjdbc (interception only:
 * {@code modulelist} names P6SpyFactory alone, so nothing is logged), and ShardingSphere-JDBC
 * (5.5.x, from a YAML file: one data source, a logical table {@code points} whose one actual data
 * node is {@code points_0}, a copy of the physical table with its index: see {@link #shardingYaml}).
 *
 * <p>Each {@link Side} sends its natural text for the same lookup: venv {@code bench.points}, raw and
 * P6Spy the text venv sends (the physical table), ShardingSphere its logical {@code points}.
 */
final class PeerConnections implements AutoCloseable {
  static final String MODEL = "bench.points";

  /** One way to query, in the order the report lists them. */
  enum Peer {
    RAW("raw pgjdbc"), VENV("venv"), P6SPY("P6Spy"), SHARDINGSPHERE("ShardingSphere-JDBC");

    final String label;

    Peer(String label) {
      this.label = label;
    }
  }

  /** A connection and its three ways to run the point query: each reads the row into {@code bh}. */
  static final class Side implements AutoCloseable {
    final Peer peer;
    private final AutoCloseable owner;
    private final Connection connection;
    private final PreparedStatement prepared;
    private final Statement plain;
    final String fixedText;
    final String prefix;

    Side(Peer peer, AutoCloseable owner, Connection connection, String table) throws SQLException {
      this.peer = peer;
      this.owner = owner;
      this.connection = connection;
      String sql = "SELECT v, s FROM " + table + " WHERE id = ";
      this.prefix = sql;
      this.fixedText = sql + "42";
      this.prepared = connection.prepareStatement(sql + "?");
      this.plain = connection.createStatement();
    }

    void prepared(int id, Blackhole bh) throws SQLException {
      prepared.setLong(1, id);
      try (ResultSet rs = prepared.executeQuery()) {
        read(rs, bh);
      }
    }

    /** Runs {@code sql} on a plain statement: {@link #fixedText}, or {@link #prefix} and a new id. */
    void plain(String sql, Blackhole bh) throws SQLException {
      try (ResultSet rs = plain.executeQuery(sql)) {
        read(rs, bh);
      }
    }

    private static void read(ResultSet rs, Blackhole bh) throws SQLException {
      if (!rs.next()) {
        throw new IllegalStateException("no row");
      }
      bh.consume(rs.getLong(1));
      bh.consume(rs.getString(2));
    }

    @Override
    public void close() throws Exception {
      try {
        connection.close();
      } finally {
        if (owner != null) {
          owner.close();
        }
      }
    }
  }

  private final FreshPostgres database;
  private final Path dir;
  private final List<Side> sides;

  private PeerConnections(FreshPostgres database, Path dir, List<Side> sides) {
    this.database = database;
    this.dir = dir;
    this.sides = sides;
  }

  /** Makes the database, prod of {@code rows} points, and the four connections; checks each reads a row. */
  static PeerConnections open(int rows) throws Exception {
    FreshPostgres database = FreshPostgres.create();
    Path dir = Files.createTempDirectory("venv-bench-peers");
    List<Side> sides = new ArrayList<>();
    try {
      Path models = dir.resolve("models");
      Files.createDirectories(models.resolve("bench"));
      Files.writeString(models.resolve("bench/points.sql"), "MODEL (name " + MODEL + ", kind FULL);\n"
          + "SELECT g AS id, g * 2 AS v, md5(g::text) AS s FROM generate_series(0, " + (rows - 1) + ") AS g\n",
          StandardCharsets.UTF_8);
      String backend = database.url().substring("jdbc:".length());
      String separator = backend.contains("?") ? "&" : "?";
      Connection venv = DriverManager.getConnection("jdbc:venv:prod:" + backend + separator + "models=" + models,
          FreshPostgres.credentials());
      Side venvSide = new Side(Peer.VENV, null, venv, MODEL);
      sides.add(venvSide);
      Connection raw = FreshPostgres.connect(database.url());
      String physical;
      try (Statement s = raw.createStatement()) {
        try (ResultSet rs = s.executeQuery("SELECT physical_schema, physical_table FROM venv_state.physical_objects"
            + " WHERE model = '" + MODEL + "'")) {
          physical = rs.next() ? PlainDdl.quote(rs.getString(1)) + "." + PlainDdl.quote(rs.getString(2)) : null;
        }
        if (physical != null) {
          // venv refuses DDL on its objects; the raw connection, the same role, does not ask.
          s.execute("CREATE INDEX points_id ON " + physical + " (id)");
          s.execute("ANALYZE " + physical);
          s.execute("CREATE TABLE public.points_0 AS SELECT * FROM " + physical);
          s.execute("CREATE INDEX points_0_id ON public.points_0 (id)");
          s.execute("ANALYZE public.points_0");
        }
      } catch (SQLException e) {
        raw.close();
        throw e;
      }
      // The raw side sends exactly the text venv sends (the router may alias the spliced table).
      String routed = venv.nativeSQL(venvSide.fixedText);
      String routedTable = routed.substring(routed.indexOf(" FROM ") + 6, routed.indexOf(" WHERE "));
      sides.add(0, new Side(Peer.RAW, null, raw, routedTable));
      if (physical == null || !routedTable.startsWith(physical)) {
        throw new IllegalStateException("venv routes " + venvSide.fixedText + " to " + routed + ", not to prod's "
            + physical);
      }
      configureP6Spy(dir);
      DataSource spy = new P6DataSource(pgDataSource(database.url()));
      sides.add(new Side(Peer.P6SPY, null, spy.getConnection(), routedTable));
      DataSource sharding = YamlShardingSphereDataSourceFactory.createDataSource(
          shardingYaml(dir, database.url()).toFile());
      sides.add(new Side(Peer.SHARDINGSPHERE, (AutoCloseable) sharding, sharding.getConnection(), "points"));
      PeerConnections connections = new PeerConnections(database, dir, sides);
      for (Side side : sides) {
        side.plain(side.fixedText, new Blackhole(
            "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous."));
      }
      return connections;
    } catch (Exception | Error e) {
      for (Side side : sides) {
        side.close();
      }
      database.close();
      TempFiles.deleteTree(dir);
      throw e;
    }
  }

  /**
   * P6Spy reads its settings once, from the file the system property {@code spy.properties} names:
   * interception only (P6SpyFactory, without P6LogFactory, so no log is written), no JMX.
   */
  private static void configureP6Spy(Path dir) throws Exception {
    Path file = dir.resolve("spy.properties");
    Files.writeString(file, "modulelist=com.p6spy.engine.spy.P6SpyFactory\njmx=false\n", StandardCharsets.UTF_8);
    System.setProperty("spy.properties", file.toString());
  }

  private static DataSource pgDataSource(String url) {
    PGSimpleDataSource pg = new PGSimpleDataSource();
    pg.setUrl(url);
    pg.setUser(FreshPostgres.USER);
    pg.setPassword(FreshPostgres.PASSWORD);
    return pg;
  }

  /**
   * ShardingSphere's configuration: one data source and a sharding rule whose logical {@code
   * points} has one actual data node, {@code points_0} in {@code public}: a copy of the physical
   * table with the same rows and index. Not the physical table itself: ShardingSphere 5.5 refuses a
   * node of three parts ({@code ds.<schema>.<table>}: "Can not support 3-tier structure ... with
   * JDBC 'jdbc:postgresql:'") and loads its metadata from {@code public} alone (with {@code
   * currentSchema} the venv schema: "Table or view 'points' does not exist").
   */
  private static Path shardingYaml(Path dir, String url) throws Exception {
    Path yaml = dir.resolve("sharding.yaml");
    Files.writeString(yaml, """
        databaseName: peers
        dataSources:
          ds:
            dataSourceClassName: com.zaxxer.hikari.HikariDataSource
            driverClassName: org.postgresql.Driver
            jdbcUrl: %s
            username: %s
            password: %s
            maximumPoolSize: 2
        rules:
        - !SHARDING
          tables:
            points:
              actualDataNodes: ds.points_0
        props:
          sql-show: false
        """.formatted(url, FreshPostgres.USER, FreshPostgres.PASSWORD), StandardCharsets.UTF_8);
    return yaml;
  }

  /** The sides, in {@link Peer} order. */
  List<Side> sides() {
    return sides;
  }

  @Override
  public void close() throws Exception {
    try {
      for (Side side : sides) {
        side.close();
      }
    } finally {
      try {
        database.close();
      } finally {
        TempFiles.deleteTree(dir);
      }
    }
  }
}
