package dev.venv.engine;

import dev.venv.sql.SqlDialect;
import dev.venv.state.PhysicalName;
import dev.venv.state.StateLock;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.PreparedStatement;
import java.util.Properties;

/** PostgreSQL, shared by many processes: advisory locks in the server. */
final class PostgresEngine extends Engine {
  static final String URL_PREFIX = "jdbc:postgresql:";

  private final StateLock lock;
  private final Driver driver = new org.postgresql.Driver();
  private final Properties properties;

  PostgresEngine(String url, Properties properties) {
    super(url);
    this.properties = properties;
    this.lock = StateLock.postgresAdvisory(url);
  }

  @Override
  public Connection open() throws SQLException {
    Connection c = driver.connect(url(), properties);
    if (c == null) {
      throw new SQLException("The PostgreSQL driver did not accept " + url(), "08001");
    }
    return c;
  }

  @Override
  public void close() {
    // nothing held: every connection is opened for its work and closed after it
  }

  @Override
  public SqlDialect dialect() {
    return SqlDialect.POSTGRES;
  }

  @Override
  public StateLock lock() {
    return lock;
  }

  @Override
  public int buildParallelism() {
    return 4;
  }

  @Override
  public void replaceView(Connection c, PhysicalName name, String query) throws SQLException {
    // PostgreSQL's CREATE OR REPLACE VIEW refuses a changed column list; in the caller's
    // transaction, drop and create is just as atomic.
    dropView(c, name);
    createView(c, name, query);
  }

  /** PostgreSQL cannot read a client's file: the CSV is read here and inserted in batches. */
  @Override
  public void loadSeed(Connection c, PhysicalName name, Path csv) throws SQLException {
    CsvSeed seed = CsvSeed.read(csv);
    StringBuilder create = new StringBuilder("CREATE TABLE ").append(name.quoted()).append(" (");
    StringBuilder insert = new StringBuilder("INSERT INTO ").append(name.quoted()).append(" VALUES (");
    for (int i = 0; i < seed.columns().size(); i++) {
      create.append(i == 0 ? "" : ", ").append(quote(seed.columns().get(i))).append(' ').append(seed.types().get(i));
      insert.append(i == 0 ? "?" : ", ?").append("::").append(seed.types().get(i));
    }
    execute(c, create.append(')').toString());
    try (PreparedStatement ps = c.prepareStatement(insert.append(')').toString())) {
      int pending = 0;
      for (String[] row : seed.rows()) {
        for (int i = 0; i < row.length; i++) {
          ps.setString(i + 1, row[i] == null ? null : row[i].strip());
        }
        ps.addBatch();
        if (++pending == 1_000) {
          ps.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) {
        ps.executeBatch();
      }
    }
  }

  @Override
  public int maxIdentifierLength() {
    return 63; // NAMEDATALEN - 1: PostgreSQL truncates longer names silently
  }
}
