package dev.venv.state;

import dev.venv.state.MultiRowInsert.Column;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** {@link StateStore} in schema {@code venv_state}, in SQL that DuckDB and PostgreSQL both speak. */
final class JdbcStateStore implements StateStore {
  private static final String S = Migrations.SCHEMA + ".";
  private static final Duration LOCK_TIMEOUT = Duration.ofMinutes(5);
  private static final String STATE_LOCK_KEY = "venv_state";

  /** PostgreSQL's SQLState for a missing privilege. */
  private static final String INSUFFICIENT_PRIVILEGE = "42501";

  private static final MultiRowInsert<PhysicalObject> PHYSICAL_OBJECTS = new MultiRowInsert<>(S + "physical_objects",
      List.of(Column.text("physical_schema", o -> o.name().schema()),
          Column.text("physical_table", o -> o.name().table()),
          Column.text("model", PhysicalObject::model),
          Column.text("version", PhysicalObject::version),
          Column.text("object_type", PhysicalObject::type),
          Column.timestamp("built_at", PhysicalObject::builtAt)));

  /** (model, fingerprint) of one plan. */
  private record PlanMember(String planId, String model, String fingerprint) {}

  private static final MultiRowInsert<PlanMember> PLAN_SNAPSHOTS = new MultiRowInsert<>(S + "plan_snapshots",
      List.of(Column.text("plan_id", PlanMember::planId),
          Column.text("model", PlanMember::model),
          Column.text("fingerprint", PlanMember::fingerprint)));

  private final ConnectionSource connections;
  private final StateLock lock;
  private final PlanMaps planMaps = new PlanMaps();

  JdbcStateStore(ConnectionSource connections, StateLock lock) {
    this.connections = connections;
    this.lock = lock;
  }

  @Override
  public StateLock lock() {
    return lock;
  }

  @Override
  public int migrate() throws SQLException {
    try (Connection c = connections.open()) {
      int version = lock.withLock(c, STATE_LOCK_KEY, LOCK_TIMEOUT, Migrations::migrate);
      lock.writeCommitted(); // a migration may have rewritten what routes are made of
      return version;
    }
  }

  @Override
  public Set<String> modelNames() throws SQLException {
    try (Connection c = connections.open()) {
      return readModelNames(c);
    }
  }

  private static Set<String> readModelNames(Connection c) throws SQLException {
    Set<String> models = new HashSet<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT model FROM " + S + "snapshots UNION SELECT model FROM " + S
            + "plan_snapshots")) {
      while (rs.next()) {
        models.add(rs.getString(1));
      }
    }
    return models;
  }

  @Override
  public int schemaVersion() throws SQLException {
    try (Connection c = connections.open()) {
      if (!hasStateSchema(c)) {
        return 0;
      }
      return Migrations.currentVersion(c);
    }
  }

  private static boolean hasStateSchema(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM information_schema.tables"
        + " WHERE table_schema = ? AND table_name = 'schema_version'")) {
      ps.setString(1, Migrations.SCHEMA);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  @Override
  public long stateVersion() throws SQLException {
    try (Connection c = connections.open();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version FROM " + S + "state_version WHERE id = 1")) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }

  @Override
  public Optional<Environment> environment(String name) throws SQLException {
    try (Connection c = connections.open()) {
      Optional<Environment> row = readEnvironmentRow(c, name, Map.of());
      Map<String, String> kept = row.isEmpty() ? null : planMaps.get(row.get().planId());
      if (row.isEmpty() || kept != null) {
        return row.map(e -> withSnapshots(e, kept));
      }
      // the environment's row and its plan's snapshots, from one state: never a deleted plan's nothing
      Optional<Environment> read = inSnapshot(c, () -> readEnvironment(c, name));
      read.ifPresent(e -> planMaps.put(e.planId(), e.snapshots()));
      return read;
    }
  }

  @Override
  public Optional<RoutingState> routingState(String name) throws SQLException {
    try (Connection c = connections.open()) {
      return inSnapshot(c, () -> {
        long version;
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT version FROM " + S + "state_version WHERE id = 1")) {
          version = rs.next() ? rs.getLong(1) : 0;
        }
        Optional<Environment> environment = readEnvironment(c, name);
        if (environment.isEmpty()) {
          return Optional.empty();
        }
        Map<String, Snapshot> byModel = new HashMap<>();
        SnapshotTable.read(c, environment.get().snapshotIds()).forEach((id, s) -> byModel.put(id.model(), s));
        if (byModel.size() != environment.get().snapshots().size()) {
          throw new StateException("Environment '" + name + "' names snapshots the state does not hold", "XX001");
        }
        Set<String> environments = new HashSet<>();
        Set<String> models = new HashSet<>();
        try (Statement s = c.createStatement()) {
          try (ResultSet rs = s.executeQuery("SELECT name FROM " + S + "environments")) {
            while (rs.next()) {
              environments.add(rs.getString(1));
            }
          }
          models.addAll(readModelNames(c));
        }
        return Optional.of(new RoutingState(version, environment.get(), byModel, environments, models));
      });
    }
  }

  /** Reads that must see one state: a transaction, repeatable read where the backend offers a choice. */
  private static <T> T inSnapshot(Connection c, SqlRead<T> read) throws SQLException {
    boolean autoCommit = c.getAutoCommit();
    int isolation = c.getTransactionIsolation();
    try {
      if (isolation < Connection.TRANSACTION_REPEATABLE_READ
          && c.getMetaData().supportsTransactionIsolationLevel(Connection.TRANSACTION_REPEATABLE_READ)) {
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      }
      c.setAutoCommit(false);
      T result = read.run();
      c.commit();
      return result;
    } catch (Throwable e) {
      rollbackQuietly(c, e);
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
      if (c.getTransactionIsolation() != isolation) {
        c.setTransactionIsolation(isolation);
      }
    }
  }

  @FunctionalInterface
  private interface SqlRead<T> {
    T run() throws SQLException;
  }

  @Override
  public List<Environment> environments() throws SQLException {
    try (Connection c = connections.open()) {
      return inSnapshot(c, () -> {
        List<String> names = new ArrayList<>();
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT name FROM " + S + "environments ORDER BY name")) {
          while (rs.next()) {
            names.add(rs.getString(1));
          }
        }
        List<Environment> result = new ArrayList<>(names.size());
        for (String name : names) {
          readEnvironment(c, name).ifPresent(result::add);
        }
        return result;
      });
    }
  }

  private static Optional<Environment> readEnvironment(Connection c, String name) throws SQLException {
    Optional<Environment> row = readEnvironmentRow(c, name, Map.of());
    if (row.isEmpty()) {
      return row;
    }
    return Optional.of(withSnapshots(row.get(), readPlanSnapshots(c, row.get().planId())));
  }

  /**
   * The environment's row, with {@code snapshots} as its model → fingerprint map: a caller that
   * knows its plan's map (the one that just wrote it) need not read a row per model back.
   */
  private static Optional<Environment> readEnvironmentRow(Connection c, String name, Map<String, String> snapshots)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT plan_id, previous_plan_id, source_environment, created_at,"
        + " finalized_at, last_used_at, ttl_seconds, expires_at FROM " + S + "environments WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        long ttlSeconds = rs.getLong(7);
        Duration ttl = rs.wasNull() ? null : Duration.ofSeconds(ttlSeconds);
        return Optional.of(new Environment(name, rs.getString(1), rs.getString(2), rs.getString(3), snapshots,
            Timestamps.read(rs, 4), Timestamps.read(rs, 5), Timestamps.read(rs, 6), ttl, Timestamps.read(rs, 8)));
      }
    }
  }

  private static Environment withSnapshots(Environment e, Map<String, String> snapshots) {
    return new Environment(e.name(), e.planId(), e.previousPlanId(), e.sourceEnvironment(), snapshots, e.createdAt(),
        e.finalizedAt(), e.lastUsedAt(), e.ttl(), e.expiresAt());
  }

  private static Map<String, String> readPlanSnapshots(Connection c, String planId) throws SQLException {
    Map<String, String> snapshots = new TreeMap<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT model, fingerprint FROM " + S + "plan_snapshots WHERE plan_id = ?")) {
      ps.setString(1, planId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          snapshots.put(rs.getString(1), rs.getString(2));
        }
      }
    }
    return snapshots;
  }

  @Override
  public Map<SnapshotId, Snapshot> snapshots(Collection<SnapshotId> ids) throws SQLException {
    if (ids.isEmpty()) {
      return new HashMap<>();
    }
    try (Connection c = connections.open()) {
      return SnapshotTable.read(c, ids);
    }
  }

  @Override
  public Set<PhysicalName> built(Collection<PhysicalName> names) throws SQLException {
    if (names.isEmpty()) {
      return new HashSet<>();
    }
    try (Connection c = connections.open()) {
      return readBuilt(c, names);
    }
  }

  private static Set<PhysicalName> readBuilt(Connection c, Collection<PhysicalName> names) throws SQLException {
    Set<PhysicalName> result = new HashSet<>();
    Set<PhysicalName> wanted = new HashSet<>(names);
    List<String> tables = wanted.stream().map(PhysicalName::table).distinct().toList();
    try (PreparedStatement ps = c.prepareStatement("SELECT physical_schema, physical_table FROM " + S
        + "physical_objects WHERE " + InList.in("physical_table"))) {
      InList.bind(c, ps, 1, tables);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          PhysicalName name = new PhysicalName(rs.getString(1), rs.getString(2));
          if (wanted.contains(name)) {
            result.add(name);
          }
        }
      }
    }
    return result;
  }

  @Override
  public List<PhysicalObject> physicalObjects() throws SQLException {
    List<PhysicalObject> result = new ArrayList<>();
    try (Connection c = connections.open();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT physical_schema, physical_table, model, version, object_type, built_at"
            + " FROM " + S + "physical_objects ORDER BY physical_schema, physical_table")) {
      while (rs.next()) {
        result.add(new PhysicalObject(new PhysicalName(rs.getString(1), rs.getString(2)), rs.getString(3),
            rs.getString(4), rs.getString(5), Timestamps.read(rs, 6)));
      }
    }
    return result;
  }

  @Override
  public void recordViewIntent(String environment, Collection<String> models) throws SQLException {
    if (models.isEmpty()) {
      return;
    }
    try (Connection c = connections.open();
        PreparedStatement ps = c.prepareStatement("INSERT INTO " + S + "view_intents (environment, model)"
            + " VALUES (?, ?) ON CONFLICT DO NOTHING")) {
      for (String model : models) {
        ps.setString(1, environment);
        ps.setString(2, model);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  @Override
  public Map<String, Set<String>> viewIntents() throws SQLException {
    Map<String, Set<String>> result = new TreeMap<>();
    try (Connection c = connections.open(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT environment, model FROM " + S + "view_intents")) {
      while (rs.next()) {
        result.computeIfAbsent(rs.getString(1), e -> new TreeSet<>()).add(rs.getString(2));
      }
    }
    return result;
  }

  @Override
  public void forgetViewIntents(String environment) throws SQLException {
    try (Connection c = connections.open();
        PreparedStatement ps = c.prepareStatement("DELETE FROM " + S + "view_intents WHERE environment = ?")) {
      ps.setString(1, environment);
      ps.executeUpdate();
    }
  }

  @Override
  public boolean touch(String environment, Instant now) throws SQLException {
    try (Connection c = connections.open()) {
      return lock.withLock(c, STATE_LOCK_KEY, LOCK_TIMEOUT, conn -> {
        Long ttlSeconds = null;
        try (PreparedStatement ps = conn.prepareStatement(
            "SELECT ttl_seconds FROM " + S + "environments WHERE name = ?")) {
          ps.setString(1, environment);
          try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
              return false; // gone, or never made
            }
            long ttl = rs.getLong(1);
            ttlSeconds = rs.wasNull() ? null : ttl;
          }
        }
        try (PreparedStatement ps = conn.prepareStatement(
            "UPDATE " + S + "environments SET last_used_at = ?, expires_at = ? WHERE name = ?")) {
          ps.setObject(1, Timestamps.toDatabase(now));
          if (ttlSeconds == null) {
            ps.setNull(2, java.sql.Types.TIMESTAMP);
          } else {
            ps.setObject(2, Timestamps.toDatabase(now.plusSeconds(ttlSeconds)));
          }
          ps.setString(3, environment);
          ps.executeUpdate();
        } catch (SQLException e) {
          if (INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
            return true; // there, unrecorded; autocommit: the failed UPDATE left nothing behind
          }
          throw e;
        }
        return true;
      });
    }
  }

  @Override
  public void recordBuilt(Collection<PhysicalObject> objects) throws SQLException {
    try (Connection c = connections.open()) {
      if (c.getAutoCommit()) {
        throw new IllegalStateException("recordBuilt belongs in the builder's transaction; auto-commit is on");
      }
      PHYSICAL_OBJECTS.insert(c, objects);
    }
  }

  @Override
  public void claimBackend(String backend, boolean record) throws SQLException {
    String recorded = recordedBackend();
    if (recorded == null && record) {
      write(tx -> {
        // under the state lock: of two first claimants, the second finds the first's
        if (recordedBackend(tx.connection()) == null) {
          try (PreparedStatement ps = tx.connection().prepareStatement(
              "INSERT INTO " + S + "backend (id, identity, recorded_at) VALUES (1, ?, ?)")) {
            ps.setString(1, backend);
            ps.setObject(2, Timestamps.toDatabase(Instant.now()));
            ps.executeUpdate();
          }
        }
        return null;
      });
      recorded = recordedBackend();
    }
    if (recorded != null && !recorded.equals(backend)) {
      throw new StateException("This state database holds the state of another warehouse (" + recorded
          + "), not of " + backend + ": one state database serves one warehouse; give this one a database of its own",
          "55000");
    }
  }

  private String recordedBackend() throws SQLException {
    try (Connection c = connections.open()) {
      return recordedBackend(c);
    }
  }

  private static String recordedBackend(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT identity FROM " + S + "backend WHERE id = 1")) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  @Override
  public <T> T write(StateWork<T> work) throws SQLException {
    try (Connection c = connections.open()) {
      return lock.withLock(c, STATE_LOCK_KEY, LOCK_TIMEOUT, conn -> {
        T result = Transactions.run(conn, tx -> {
          T done = work.run(new Transaction(tx));
          try (Statement s = tx.createStatement()) {
            s.executeUpdate("UPDATE " + S + "state_version SET version = version + 1 WHERE id = 1");
          }
          return done;
        });
        lock.writeCommitted();
        return result;
      });
    }
  }

  private static void rollbackQuietly(Connection c, Throwable cause) {
    try {
      c.rollback();
    } catch (SQLException rollbackFailure) {
      cause.addSuppressed(rollbackFailure);
    }
  }

  /** The writes of one transaction on one connection. */
  private static final class Transaction implements StateTransaction {
    private final Connection connection;

    Transaction(Connection connection) {
      this.connection = connection;
    }

    @Override
    public Connection connection() {
      return connection;
    }

    @Override
    public Optional<Environment> environment(String name) throws SQLException {
      return readEnvironment(connection, name);
    }

    @Override
    public Optional<PhysicalObject> physicalObject(PhysicalName name) throws SQLException {
      try (PreparedStatement ps = connection.prepareStatement("SELECT model, version, object_type, built_at FROM "
          + S + "physical_objects WHERE physical_schema = ? AND physical_table = ?")) {
        ps.setString(1, name.schema());
        ps.setString(2, name.table());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next()
              ? Optional.of(new PhysicalObject(name, rs.getString(1), rs.getString(2), rs.getString(3),
                  Timestamps.read(rs, 4)))
              : Optional.empty();
        }
      }
    }

    @Override
    public Set<PhysicalName> built(Collection<PhysicalName> names) throws SQLException {
      return names.isEmpty() ? new HashSet<>() : readBuilt(connection, names);
    }

    @Override
    public Set<String> holders(PhysicalName name) throws SQLException {
      Set<String> result = new TreeSet<>();
      try (PreparedStatement ps = connection.prepareStatement("SELECT DISTINCT e.name FROM " + S + "environments e"
          + " JOIN " + S + "plan_snapshots ps ON ps.plan_id = e.plan_id"
          + " JOIN " + S + "snapshots s ON s.model = ps.model AND s.fingerprint = ps.fingerprint"
          + " WHERE s.physical_schema = ? AND s.physical_table = ?")) {
        ps.setString(1, name.schema());
        ps.setString(2, name.table());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            result.add(rs.getString(1));
          }
        }
      }
      return result;
    }

    @Override
    public void saveSnapshots(Collection<Snapshot> snapshots) throws SQLException {
      SnapshotTable.save(connection, snapshots);
    }

    @Override
    public void markBuilt(PhysicalObject object) throws SQLException {
      try (PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM " + S
          + "physical_objects WHERE physical_schema = ? AND physical_table = ?")) {
        exists.setString(1, object.name().schema());
        exists.setString(2, object.name().table());
        try (ResultSet rs = exists.executeQuery()) {
          if (rs.next()) {
            return;
          }
        }
      }
      PHYSICAL_OBJECTS.insert(connection, List.of(object));
    }

    @Override
    public Environment finalizeEnvironment(String name, String planId, String sourceEnvironment,
        Map<String, String> snapshots, Duration ttl, Instant now, String expectedPlanId) throws SQLException {
      // The row only: its plan id is all this compares, and the new plan's map is the one given.
      Optional<Environment> current = readEnvironmentRow(connection, name, Map.of());
      String currentPlanId = current.map(Environment::planId).orElse(null);
      if (expectedPlanId == null ? current.isPresent() : !expectedPlanId.equals(currentPlanId)) {
        throw new StateException("Environment '" + name + "' changed while this plan was made (it is now at plan "
            + currentPlanId + ", the plan expected " + expectedPlanId + "); plan again", "40001");
      }
      try (PreparedStatement plan = connection.prepareStatement("INSERT INTO " + S
              + "plans (plan_id, environment, source_environment, created_at) VALUES (?, ?, ?, ?)")) {
        plan.setString(1, planId);
        plan.setString(2, name);
        plan.setString(3, sourceEnvironment);
        plan.setObject(4, Timestamps.toDatabase(now));
        plan.executeUpdate();
      }
      PLAN_SNAPSHOTS.insert(connection, snapshots.entrySet().stream()
          .map(e -> new PlanMember(planId, e.getKey(), e.getValue())).toList());
      Instant expires = ttl == null ? null : now.plus(ttl);
      LocalDateTime at = Timestamps.toDatabase(now);
      if (current.isEmpty()) {
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + S + "environments (name, plan_id,"
            + " previous_plan_id, source_environment, created_at, finalized_at, last_used_at, ttl_seconds, expires_at)"
            + " VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?)")) {
          ps.setString(1, name);
          ps.setString(2, planId);
          ps.setString(3, sourceEnvironment);
          ps.setObject(4, at);
          ps.setObject(5, at);
          ps.setObject(6, at);
          setTtl(ps, 7, ttl);
          ps.setObject(8, Timestamps.toDatabase(expires));
          ps.executeUpdate();
        }
      } else {
        try (PreparedStatement ps = connection.prepareStatement("UPDATE " + S + "environments SET plan_id = ?,"
            + " previous_plan_id = ?, source_environment = ?, finalized_at = ?, last_used_at = ?, ttl_seconds = ?,"
            + " expires_at = ? WHERE name = ? AND plan_id = ?")) {
          ps.setString(1, planId);
          ps.setString(2, currentPlanId);
          ps.setString(3, sourceEnvironment);
          ps.setObject(4, at);
          ps.setObject(5, at);
          setTtl(ps, 6, ttl);
          ps.setObject(7, Timestamps.toDatabase(expires));
          ps.setString(8, name);
          ps.setString(9, currentPlanId);
          if (ps.executeUpdate() != 1) {
            throw new StateException("Environment '" + name + "' changed while it was being updated; plan again",
                "40001");
          }
        }
      }
      return readEnvironmentRow(connection, name, snapshots).orElseThrow();
    }

    @Override
    public void expire(String environment, Instant at) throws SQLException {
      try (PreparedStatement ps = connection.prepareStatement(
          "UPDATE " + S + "environments SET expires_at = ? WHERE name = ?")) {
        ps.setObject(1, Timestamps.toDatabase(at));
        ps.setString(2, environment);
        if (ps.executeUpdate() != 1) {
          throw new StateException("Environment '" + environment + "' does not exist", "42704");
        }
      }
    }

    @Override
    public void retain(String environment, Duration ttl, Instant now) throws SQLException {
      try (PreparedStatement ps = connection.prepareStatement(
          "UPDATE " + S + "environments SET ttl_seconds = ?, last_used_at = ?, expires_at = ? WHERE name = ?")) {
        setTtl(ps, 1, ttl);
        ps.setObject(2, Timestamps.toDatabase(now));
        ps.setObject(3, Timestamps.toDatabase(ttl == null ? null : now.plus(ttl)));
        ps.setString(4, environment);
        if (ps.executeUpdate() != 1) {
          throw new StateException("Environment '" + environment + "' does not exist", "42704");
        }
      }
    }

    @Override
    public boolean deleteEnvironment(String environment, String planId) throws SQLException {
      // The environment's row first, on its plan id: when it moved on, its plans are not ours to delete.
      try (PreparedStatement ps = connection.prepareStatement(
          "DELETE FROM " + S + "environments WHERE name = ? AND plan_id = ?")) {
        ps.setString(1, environment);
        ps.setString(2, planId);
        if (ps.executeUpdate() != 1) {
          return false;
        }
      }
      for (String sql : List.of(
          "DELETE FROM " + S + "plan_snapshots WHERE plan_id IN (SELECT plan_id FROM " + S + "plans WHERE environment = ?)",
          "DELETE FROM " + S + "plans WHERE environment = ?")) {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
          ps.setString(1, environment);
          ps.executeUpdate();
        }
      }
      return true;
    }

    @Override
    public void forgetPhysicalObject(PhysicalName name) throws SQLException {
      try (PreparedStatement ps = connection.prepareStatement(
          "DELETE FROM " + S + "physical_objects WHERE physical_schema = ? AND physical_table = ?")) {
        ps.setString(1, name.schema());
        ps.setString(2, name.table());
        ps.executeUpdate();
      }
      forgetUnheldSnapshots();
    }

    @Override
    public int forgetUnheldSnapshots() throws SQLException {
      // A snapshot is (model, fingerprint): one fingerprint may be held for one model and not another.
      try (Statement st = connection.createStatement()) {
        int forgotten = st.executeUpdate("DELETE FROM " + S + "snapshots WHERE NOT EXISTS (SELECT 1 FROM " + S
            + "plan_snapshots ps JOIN " + S + "environments e ON e.plan_id = ps.plan_id"
            + " WHERE ps.model = snapshots.model AND ps.fingerprint = snapshots.fingerprint)"
            + " AND NOT EXISTS (SELECT 1 FROM " + S + "physical_objects o"
            + " WHERE o.physical_schema = snapshots.physical_schema AND o.physical_table = snapshots.physical_table)");
        return forgotten;
      }
    }

    private static void setTtl(PreparedStatement ps, int index, Duration ttl) throws SQLException {
      if (ttl == null) {
        ps.setNull(index, java.sql.Types.BIGINT);
      } else {
        ps.setLong(index, ttl.toSeconds());
      }
    }
  }
}
