package dev.venv.jdbc;

import dev.venv.jdbc.FuzzWorld.Repo;
import java.util.List;

/**
 * One step of the isolation fuzzer, as data: what to do, never what to expect. The oracle works
 * the expectation out when the step runs, from the world as it is then, so any subsequence of a
 * failing run can be replayed (that is how a failure is reduced).
 */
sealed interface FuzzStep {
  /**
   * Stands for the backend's catalog (database) name in a step's SQL, so that a step replays in a
   * fresh database (PostgreSQL's test databases have random names).
   */
  String CATALOG = "{catalog}";

  /** A table reference inside SQL, by what it means (the spelling is in the SQL text). */
  sealed interface Ref {
    /** A model name, {@code s.t} in any spelling (qualified, quoted, catalog-qualified). */
    record Model(String model) implements Ref {}

    /** An environment's view, {@code s__env.t}. */
    record View(String model, String env) implements Ref {}

    /** A physical object, {@code venv__s.s__t__<version>}. */
    record Physical(String schema, String table) implements Ref {}

    /** An unqualified name, resolved through the session's search path. */
    record Bare(String table) implements Ref {}

    /** A table of the user's scratch schema. */
    record Scratch(String table) implements Ref {}
  }

  /** How rows of the references combine in a read. */
  enum Shape { ONE, UNION, JOIN, SEMI }

  /** How a read is sent. */
  enum ReadVia { EXECUTE_QUERY, EXECUTE, PREPARED, CTAS_INTO_SCRATCH }

  /** How a write or a session statement is sent. */
  enum WriteVia { EXECUTE, EXECUTE_UPDATE, EXECUTE_LARGE_UPDATE, PREPARED, SHARED_STATEMENT }

  /** What a successful write does to the user's scratch table (the only writes that may succeed). */
  record Effect(String verb, int k) {
    static final Effect NONE = new Effect("none", 0);
  }

  /**
   * Where a write goes: a model, a view, a physical object, a bare name, a scratch table; or
   * {@code CreateIn} a schema (a new object of the user's).
   */
  sealed interface Target {
    record Of(Ref ref) implements Target {}

    /** A new object in {@code schema}; {@code null} for the session's current schema (a bare name). */
    record CreateIn(String schema) implements Target {}

    /** {@code DROP SCHEMA s} and the like. */
    record Schema(String schema) implements Target {}
  }

  /** Opens {@code slot} (closing what it held) on {@code env}. */
  record Connect(int slot, String env, boolean envOption, Repo models, boolean refreshAuto, String currentSchema)
      implements FuzzStep {
    @Override
    public String toString() {
      return "slot" + slot + " CONNECT " + env + (envOption ? " (env= option)" : "")
          + (models != null ? " models=" + models : "") + (refreshAuto ? " refresh=auto" : "")
          + (currentSchema != null ? " currentSchema=" + currentSchema : "");
    }
  }

  record Close(int slot) implements FuzzStep {
    @Override
    public String toString() {
      return "slot" + slot + " CLOSE";
    }
  }

  /**
   * Changes the session schema: {@code setSchema(schemas[0])} when {@code sql} is null, else the
   * SQL. {@code schemas} is the search path it asks for, lower case; {@code opaque} when the
   * driver cannot read the schema from the text (it may refuse with 42000).
   */
  record Session(int slot, String sql, List<String> schemas, boolean opaque, WriteVia via) implements FuzzStep {
    @Override
    public String toString() {
      return "slot" + slot + " SESSION " + (sql == null ? "setSchema(\"" + schemas.get(0) + "\")" : sql + " [" + via + "]");
    }
  }

  record Read(int slot, String sql, Shape shape, List<Ref> refs, ReadVia via) implements FuzzStep {
    @Override
    public String toString() {
      return "slot" + slot + " READ [" + via + "] " + sql;
    }
  }

  record Write(int slot, String sql, Target target, Effect effect, WriteVia via) implements FuzzStep {
    @Override
    public String toString() {
      return "slot" + slot + " WRITE [" + via + "] " + sql;
    }
  }

  /**
   * {@code addBatch} of each item (a {@link Session} or {@link Write}), then {@code executeBatch};
   * or, {@code multi}, the items as one multi-statement text through {@code execute}.
   */
  record Batch(int slot, List<FuzzStep> items, boolean multi) implements FuzzStep {
    String text() {
      StringBuilder b = new StringBuilder();
      for (FuzzStep item : items) {
        b.append(b.length() == 0 ? "" : "; ").append(item instanceof Session s ? s.sql() : ((Write) item).sql());
      }
      return b.toString();
    }

    @Override
    public String toString() {
      return "slot" + slot + (multi ? " MULTI-STATEMENT " : " BATCH ") + text();
    }
  }

  /**
   * A transaction: auto-commit off, a session-schema statement ({@code SET LOCAL} when
   * {@code local}), reads and writes, then commit or rollback.
   */
  record Transaction(int slot, Session session, List<FuzzStep> items, boolean commit, boolean local)
      implements FuzzStep {
    @Override
    public String toString() {
      StringBuilder b = new StringBuilder("slot" + slot + " TRANSACTION { " + session.sql());
      for (FuzzStep item : items) {
        b.append("; ").append(item instanceof Read r ? r.sql() : ((Write) item).sql());
      }
      return b.append(commit ? "; COMMIT }" : "; ROLLBACK }").toString();
    }
  }

  /**
   * SQL that runs SQL from a string naming a model or venv's object ({@code query_to_xml},
   * DuckDB's {@code query}, a {@code DO} block): the driver cannot route inside a string, so it
   * must refuse it.
   */
  record Dynamic(int slot, String sql) implements FuzzStep {
    @Override
    public String toString() {
      return "slot" + slot + " DYNAMIC " + sql;
    }
  }

  /** {@code create env} through the Environments API, from {@code repo}. */
  record Create(String env, Repo repo) implements FuzzStep {
    @Override
    public String toString() {
      return "CREATE " + env + " " + repo;
    }
  }

  record Promote(String from, String to) implements FuzzStep {
    @Override
    public String toString() {
      return "PROMOTE " + from + " -> " + to;
    }
  }

  /** {@code janitor().run(false, true)}: drops what no environment holds, grace period ignored. */
  record Janitor() implements FuzzStep {
    @Override
    public String toString() {
      return "JANITOR --ignore-ttl";
    }
  }

  /** {@code invalidate env}, then the janitor: the environment is gone. */
  record Retire(String env) implements FuzzStep {
    @Override
    public String toString() {
      return "INVALIDATE " + env + " + JANITOR --ignore-ttl";
    }
  }

  /**
   * SQL through the raw backend connection, as a tool that bypasses the driver would send it; never
   * generated: the oracle's own tests use it to check that the digest notices a change. In
   * {@code sql}, {@code {physical:<model>@<env>}} is that environment's physical object of the model.
   */
  record Raw(String sql) implements FuzzStep {
    @Override
    public String toString() {
      return "RAW " + sql;
    }
  }
}
