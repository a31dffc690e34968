package dev.venv.sql;

import dev.venv.sql.Classification.SchemaReference;
import dev.venv.sql.Classification.WriteTarget;
import dev.venv.sql.RoutingNames.SchemaKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides what one SQL text becomes in one environment: the text to send, with every name of the
 * environment's models spliced to its physical object, or the reason it must not run. Fails
 * closed: names that are venv's but not this environment's are refused, writes to venv's objects
 * are refused, and so is SQL the text hides (inside strings, computed at run time) when it may
 * reach them.
 *
 * <p>One lex of the text feeds both the statement classifier and the name scan; nothing is
 * re-printed, every byte outside the spliced names is kept. Immutable and thread-safe.
 */
public final class SqlRouter {

  /**
   * What {@link #route} decided.
   *
   * @param sql           the text to send, or {@code null} when refused
   * @param refusal       why it must not run, or {@code null}
   * @param endPath       the session's search path after the text, as far as the text says:
   *                      {@code null} when it sets none, {@link SessionPath#UNKNOWN} when it sets
   *                      one computed at run time
   * @param readsBack     the text may move the session's search path: the backend must be asked after it
   * @param endsTransaction the text ends (or rolls back) a transaction
   * @param cascading     the targets of its {@code DROP … CASCADE} / {@code ALTER … CASCADE}
   *                      statements, which may take venv's objects with them
   * @param definedFunctions the functions and macros it creates, for the backend to tell whether
   *                      one would shadow a built-in that models call
   * @param questions     what must be known of the user's tables before the text can be routed
   *                      (then {@code sql} is null): route it again with the answers
   * @param attached      the paths the text attaches, as written (DuckDB): the backend must tell
   *                      whether one is another venv warehouse, whose names routing does not know
   * @param writtenFiles  the files its {@code COPY … TO} writes, as written ({@code null} for one
   *                      named at run time, {@code STDOUT}): the backend must tell whether one is a
   *                      database file, which a write over would destroy
   */
  public record Result(String sql, Refusal refusal, SessionPath endPath, boolean readsBack,
      boolean endsTransaction, List<Cascade> cascading, List<String> definedFunctions,
      List<UserTables.Question> questions, List<String> attached, List<String> writtenFiles) {

    /** Whether the text attaches a database. */
    public boolean attaches() {
      return !attached.isEmpty();
    }

    static Result refused(Refusal refusal) {
      return new Result(null, refusal, null, false, false, List.of(), List.of(), List.of(), List.of(), List.of());
    }

    static Result asking(List<UserTables.Question> questions) {
      return new Result(null, null, null, false, false, List.of(), List.of(), List.copyOf(questions), List.of(), List.of());
    }
  }

  /**
   * A target of a statement with {@code CASCADE}, for the backend to tell what depends on it.
   *
   * @param objectType the statement's object type, lower case: {@code table}, {@code view},
   *                   {@code schema}, {@code function}, {@code type}, {@code extension}, …
   * @param name       the target's name exactly as written (quoted parts keep their quotes), so
   *                   the backend resolves it as it would resolve the statement
   */
  public record Cascade(String objectType, String name) {}

  private final RoutingNames names;
  private final SqlDialect dialect;
  private final BackendCatalog catalog;
  private final String environment;

  private SqlRouter(RoutingNames names, SqlDialect dialect, BackendCatalog catalog) {
    this.names = names;
    this.dialect = dialect;
    this.catalog = catalog;
    this.environment = names.environment();
  }

  public static SqlRouter of(RoutingNames names, SqlDialect dialect) {
    return new SqlRouter(names, dialect, BackendCatalog.NONE);
  }

  /** A router for a backend whose sessions may attach and detach databases (DuckDB). */
  public static SqlRouter of(RoutingNames names, SqlDialect dialect, BackendCatalog catalog) {
    return new SqlRouter(names, dialect, catalog);
  }

  public RoutingNames names() {
    return names;
  }

  /**
   * Routes {@code sql} for a session whose search path is {@code path}.
   *
   * <p>Refusals: {@code 42501} for a write to a model, an environment's view, a physical object,
   * venv's state, or anything created in those schemas; {@code 42P01} for a name this environment
   * does not hold; {@code 42000} for what cannot be analysed (SQL in strings that names venv's
   * objects, SQL built at run time, an unqualified name after a computed search path).
   */
  public Result route(String sql, SessionPath path) {
    return route(sql, path, UserTables.UNKNOWN);
  }

  /**
   * Routes {@code sql} knowing what {@code known} says of the user's tables; a result with
   * {@link Result#questions()} asks for more.
   */
  public Result route(String sql, SessionPath path, UserTables known) {
    return route(SqlLexer.lex(sql, dialect), path, known, null).result();
  }

  /** Routes a text lexed already. */
  public Result route(SqlTokens tokens, SessionPath path) {
    return route(tokens, path, UserTables.UNKNOWN, null).result();
  }

  /**
   * A routing and the template that routes every text of its shape alike.
   *
   * @param template {@code null} unless the text routed without a refusal or a question
   */
  public record Routed(Result result, RoutedTemplate template) {}

  /** Routes a text lexed already whose shape is {@code shape}, and gives the template of that shape. */
  public Routed route(SqlTokens tokens, TextShape shape, SessionPath path) {
    return route(tokens, path, UserTables.UNKNOWN, shape);
  }

  /** Routes {@code tokens}; with a {@code shape}, also makes the template of that shape. */
  private Routed route(SqlTokens tokens, SessionPath path, UserTables known, TextShape shape) {
    String sql = tokens.source();
    if (dialect == SqlDialect.POSTGRES) {
      Refusal strings = standardStringsRefusal(tokens);
      if (strings != null) {
        return refused(strings);
      }
    }
    if (dialect == SqlDialect.DUCKDB) {
      Refusal files = DuckDbFileSettings.refusal(tokens, environment);
      if (files != null) {
        return refused(files);
      }
    }
    Classification c = StatementClassifier.classify(tokens, dialect);
    List<UserTables.Question> questions = new ArrayList<>(0);
    Paths paths = new Paths(path, c, known, questions);
    for (WriteTarget write : c.writes()) {
      Refusal refusal = writeRefusal(write, paths.at(write.start()), known, questions);
      if (refusal == RoutingNames.QUESTION) {
        return asking(questions);
      }
      if (refusal != null) {
        return refused(refusal);
      }
    }
    if (!c.sweeping().isEmpty()) {
      return refused(new Refusal("42501", "venv: " + c.sweeping().get(0) + " refused in environment "
          + environment + ": it changes objects it does not name, which may be venv's (every environment's)"));
    }
    for (String schema : c.routinePaths()) {
      if (schema == null || names.kind(schema) != SchemaKind.USER) {
        return refused(new Refusal("42501", "venv: a function whose own search path is "
            + (schema == null ? "the session's (FROM CURRENT)" : "venv's schema " + schema) + " refused in environment "
            + environment + ": its unqualified names would resolve in an environment's or venv's objects whoever"
            + " calls it; give it schemas of your own, or qualify its names"));
      }
    }
    Refusal catalogChange = catalogRefusal(c.catalogs());
    if (catalogChange != null) {
      return refused(catalogChange);
    }
    List<String> attached = attachedPaths(c);
    if (!attached.isEmpty() && StandardStrings.severalStatements(tokens)) {
      return refused(new Refusal("42000", "venv: ATTACH with other statements in one text refused in environment "
          + environment + ": venv looks at what a text attached before anything reads it; run ATTACH on its own"));
    }
    if (!c.opaque().isEmpty()) {
      return refused(new Refusal("42000", "venv: cannot tell what " + c.opaque().get(0) + " reads or writes"
          + " in environment " + environment + ", so it is refused rather than run unrouted; write the SQL out"));
    }
    for (String dynamic : c.dynamicSql()) {
      String named = venvNameIn(dynamic);
      if (named != null) {
        return refused(new Refusal("42000", "venv: cannot route SQL inside a string (" + abbreviate(dynamic)
            + ") in environment " + environment + ": it names " + named + "; write the query as plain SQL"));
      }
    }
    Refusal inString = sqlInStrings(tokens);
    if (inString != null) {
      return refused(inString);
    }
    List<int[]> schemaSplices = new ArrayList<>(0);
    List<String> schemaTexts = new ArrayList<>(0);
    for (SchemaReference ref : c.sessionSchema()) {
      if (ref.schema().isEmpty()) {
        continue;
      }
      Refusal refusal = sessionSchemaRefusal(ref.schema());
      if (refusal != null) {
        return refused(refusal);
      }
      String backend = backendSchema(ref.schema());
      if (!backend.equals(ref.schema())) {
        // keep the reference's own quoting: a string stays a string, an identifier an identifier
        char first = sql.charAt(ref.start());
        String quote = first == '\'' || first == '"' ? String.valueOf(first) : "";
        schemaSplices.add(new int[] {ref.start(), ref.end()});
        schemaTexts.add(quote + backend + quote);
      }
    }
    ReferenceScan scan = ReferenceScan.of(tokens, paths);
    if (scan != null && scan.refusal() == RoutingNames.QUESTION) {
      return asking(questions);
    }
    if (scan != null && scan.refusal() != null) {
      return refused(scan.refusal());
    }
    Refusal clause = scan == null ? null : UnroutableClauses.refusal(tokens, scan, dialect, environment);
    if (clause != null) {
      return refused(clause);
    }
    List<int[]> spans = new ArrayList<>(scan == null ? schemaSplices.size() : scan.count() + schemaSplices.size());
    List<String> texts = new ArrayList<>(spans.size());
    splices(sql, scan, schemaSplices, schemaTexts, spans, texts);
    String routed = splice(sql, spans, texts);
    List<Cascade> cascading = new ArrayList<>(0);
    boolean endsTransaction = false;
    for (Classification.Statement s : c.statements()) {
      endsTransaction |= s.endsTransaction();
      if (s.cascade()) {
        String type = objectType(tokens, s.start());
        for (WriteTarget w : c.writes()) {
          if (w.start() >= s.start() && w.start() < s.end()) {
            cascading.add(new Cascade(type, nameAsWritten(tokens, w.start())));
          }
        }
      }
    }
    Result result = new Result(routed, null, paths.end(), c.changesSession(), endsTransaction,
        List.copyOf(cascading), c.definedFunctions(), List.of(), attached, c.writtenFiles());
    return new Routed(result, shape == null ? null : RoutedTemplate.of(shape, tokens, spans, texts, result));
  }

  private static Routed refused(Refusal refusal) {
    return new Routed(Result.refused(refusal), null);
  }

  private static Routed asking(List<UserTables.Question> questions) {
    return new Routed(Result.asking(questions), null);
  }

  /**
   * The schema the backend must be pointed at for a logical one: a model schema maps to the
   * environment's view schema; every other schema is itself.
   */
  public String backendSchema(String logical) {
    if (logical == null) {
      return null;
    }
    String lower = logical.toLowerCase(Locale.ROOT);
    return names.kind(lower) == SchemaKind.MODEL ? names.viewSchema(lower) : logical;
  }

  /**
   * Why the session may not sit on {@code schema}: another environment's view schema, venv's own,
   * or a model schema this environment holds nothing in (its view schema does not exist); else null.
   */
  public Refusal sessionSchemaRefusal(String schema) {
    SchemaKind kind = names.kind(schema);
    return switch (kind) {
      case OTHER_VIEW, VENV -> new Refusal("42P01", "venv: schema " + schema + " is not environment " + environment
          + "'s (it is " + (kind == SchemaKind.VENV ? "venv's own" : "another environment's view schema")
          + "); a connection reads its own environment only");
      case MODEL -> names.holdsSchema(schema) ? null : new Refusal("42P01", "venv: environment " + environment
          + " holds no models in schema " + schema.toLowerCase(Locale.ROOT) + " (another environment does)");
      default -> null;
    };
  }

  /**
   * Why an {@code ATTACH} or {@code DETACH} must not run: detaching the warehouse, or attaching it
   * a second time or another file under its name, changes what every connection of the process
   * reads (a second attachment is a second writer of the file); a path computed at run time
   * cannot be checked.
   */
  private Refusal catalogRefusal(List<Classification.CatalogChange> changes) {
    if (catalog.name() == null) {
      return null;
    }
    for (Classification.CatalogChange change : changes) {
      String verb = change.attach() ? "ATTACH" : "DETACH";
      boolean warehouseName = change.alias() != null && change.alias().equalsIgnoreCase(catalog.name());
      if (change.attach() && change.path() == null) {
        return new Refusal("42000", "venv: ATTACH of a path computed at run time refused in environment "
            + environment + ": venv cannot tell whether it is the warehouse's own file; write the path out");
      }
      if (change.attach() && change.type() != null && !change.type().equals("duckdb")) {
        return new Refusal("42000", "venv: ATTACH of type " + change.type() + " refused in environment " + environment
            + ": venv can tell only of a DuckDB file whether it is another venv warehouse, whose environments a"
            + " connection must not reach");
      }
      if (warehouseName || change.attach() && catalog.isFile(change.path())) {
        return new Refusal("42501", "venv: " + verb + " " + (change.attach() ? "'" + change.path() + "'" : change.alias())
            + " refused in environment " + environment + ": it would " + (change.attach()
                ? (warehouseName ? "put another database under the warehouse's name " : "open the warehouse's file a"
                    + " second time, a second writer that undoes the first's work, ") + "(catalog " + catalog.name() + ")"
                : "take the warehouse (catalog " + catalog.name() + ") away from every connection of this process"));
      }
    }
    return null;
  }

  /** The paths {@code c} attaches (a computed one is refused before this is asked). */
  private static List<String> attachedPaths(Classification c) {
    List<String> paths = new ArrayList<>(0);
    for (Classification.CatalogChange change : c.catalogs()) {
      if (change.attach() && change.path() != null) {
        paths.add(change.path());
      }
    }
    return List.copyOf(paths);
  }

  /** The object type after a statement's verb: {@code DROP [MATERIALIZED] VIEW …} is {@code view}. */
  private static String objectType(SqlTokens tokens, int statementStart) {
    boolean verbSeen = false;
    for (int k = 0; k < tokens.size(); k++) {
      if (tokens.start(k) < statementStart || tokens.kind(k) == TokenKind.COMMENT) {
        continue;
      }
      if (tokens.kind(k) != TokenKind.WORD) {
        return "";
      }
      String word = tokens.text(k).toLowerCase(Locale.ROOT);
      if (!verbSeen) {
        verbSeen = true;
        if (word.equals("truncate")) {
          return word; // TRUNCATE … CASCADE reaches tables with foreign keys to it: venv's have none
        }
      } else if (!word.equals("materialized") && !word.equals("foreign") && !word.equals("unique")) {
        return word;
      }
    }
    return "";
  }

  /** The dotted name starting at {@code offset}, its parts as written, without comments or spaces between. */
  private static String nameAsWritten(SqlTokens tokens, int offset) {
    StringBuilder name = new StringBuilder();
    boolean expectPart = true;
    for (int k = 0; k < tokens.size(); k++) {
      if (tokens.start(k) < offset || tokens.kind(k) == TokenKind.COMMENT) {
        continue;
      }
      TokenKind kind = tokens.kind(k);
      if (expectPart && (kind == TokenKind.WORD || kind == TokenKind.QUOTED_IDENTIFIER)) {
        name.append(tokens.text(k));
        expectPart = false;
      } else if (!expectPart && kind == TokenKind.DOT) {
        name.append('.');
        expectPart = true;
      } else {
        break;
      }
    }
    return name.toString();
  }

  /** Writes of rows: the ones the backend sends to a user's table of that name ahead on the path. */
  private static final java.util.Set<String> ROW_WRITES = java.util.Set.of("INSERT", "UPDATE", "DELETE", "MERGE",
      "TRUNCATE", "COPY");

  /** Why {@code write} must not run under the search path {@code path}, or null. */
  private Refusal writeRefusal(WriteTarget write, SessionPath path, UserTables known,
      List<UserTables.Question> questions) {
    if (write.schema() != null) {
      String what = venvObject(write.schema(), write.table());
      return what == null ? null : refusedWrite(write, what);
    }
    if (path.isUnknown()) {
      return new Refusal("42000", "venv: cannot tell where " + write.verb() + " on the unqualified name "
          + write.table() + " lands in environment " + environment + ": an earlier statement sets the search path from"
          + " a value computed at run time; qualify the name or run it separately");
    }
    if (write.verb().endsWith("TEMPORARY")) {
      return null; // lands in the session's temporary schema
    }
    if (write.verb().startsWith("CREATE")) {
      // an unqualified CREATE lands in the current schema
      String current = path.current();
      if (current != null && names.kind(current) != SchemaKind.USER) {
        return refusedWrite(write, "schema " + current + (names.modelSchemaOf(current) != null
            ? ", which holds models (the session's current schema)" : ", which is venv's"));
      }
      return null;
    }
    String venvs = null;
    List<String> users = new ArrayList<>(0);
    boolean dml = ROW_WRITES.contains(write.verb());
    for (String schema : path.schemas()) {
      SchemaKind kind = names.kind(schema);
      if (kind == SchemaKind.USER) {
        Boolean exists = dml ? known.exists(schema, write.table()) : null;
        if (Boolean.TRUE.equals(exists)) {
          return null; // the user's table comes first: the backend writes it
        }
        if (exists == null) {
          users.add(schema);
        }
        continue;
      }
      String model = names.modelSchemaOf(schema);
      if (kind == SchemaKind.OTHER_VIEW || kind == SchemaKind.VENV
          || model != null && names.isModelOfAnyEnvironment(model, write.table())) {
        if (dml && !users.isEmpty()) {
          // A row write: a schema of the user's ahead may hold the table the backend would write.
          // (A DROP or ALTER is refused outright: it would reach the view if the user's is not there.)
          users.forEach(u -> questions.add(new UserTables.Question(u, write.table())));
          return RoutingNames.QUESTION;
        }
        return refusedWrite(write, venvObject(schema, write.table()) + ", through the session's search path");
      }
      venvs = venvs == null ? schema : venvs;
    }
    boolean user = !users.isEmpty() || path.schemas().stream().anyMatch(x -> names.kind(x) == SchemaKind.USER);
    if (!user && venvs != null && !RoutingNames.isSystemName(write.table())) {
      // nothing of the user's on the path: the name could only land in a model schema
      return refusedWrite(write, venvObject(venvs, write.table()) + ", through the session's search path");
    }
    return null;
  }

  private Refusal refusedWrite(WriteTarget write, String what) {
    boolean create = write.verb().startsWith("CREATE") && !write.verb().contains("REPLACE")
        || write.verb().equals("ALTER") && write.table() == null;
    return new Refusal("42501", "venv: " + write.verb() + " on " + what + " refused in environment " + environment
        + (create && !what.startsWith("model")
            ? ": venv's schemas hold venv's objects only; create your own objects in a schema of your own"
            : ": models change only through the model repository (plan and create an environment)"));
  }

  /** What {@code schema.table} (or schema {@code schema} when table is null) is of venv's, or null. */
  private String venvObject(String schema, String table) {
    SchemaKind kind = names.kind(schema);
    String model = names.modelSchemaOf(schema);
    return switch (kind) {
      case USER -> null;
      case VENV -> {
        String of = table == null ? null : RoutingNames.modelOfPhysical(schema, table);
        yield table == null ? "venv's schema " + schema
            : of != null ? "model " + of + " (physical " + schema + "." + table + ")"
            : "venv's object " + schema + "." + table;
      }
      case MODEL -> table == null ? "schema " + schema + ", which holds models"
          : names.isModelOfAnyEnvironment(model, table) ? "model " + model + "." + table
          : schema + "." + table + " in schema " + schema + ", which holds models";
      case OWN_VIEW, OTHER_VIEW -> table == null ? "schema " + schema + ", an environment's view schema"
          : names.isModelOfAnyEnvironment(model, table) ? "model " + model + "." + table + " (view " + schema + "."
              + table + ")"
          : schema + "." + table + " in " + schema + ", an environment's view schema";
    };
  }

  /**
   * A string that holds a SQL statement naming venv's objects, handed to a function
   * ({@code SELECT scratch.run('DELETE FROM marts.orders')}, {@code CALL p('…')}): routing cannot
   * follow where it runs, so it is refused, as a write when it writes. A string that is not a
   * function's argument ({@code 'DELETE FROM marts.orders' AS sql} in a select list, a value
   * compared or inserted) is data, and so is one that does not start like a statement.
   */
  private Refusal sqlInStrings(SqlTokens tokens) {
    String sql = tokens.source();
    for (int k = 0; k < tokens.size(); k++) {
      if (tokens.kind(k) != TokenKind.STRING || tokens.unterminatedAt() == tokens.start(k)) {
        continue;
      }
      int start = tokens.start(k);
      String content = SqlStrings.value(sql, start, tokens.end(k), true);
      if (!startsLikeAStatement(content) || !isFunctionArgument(tokens, k)) {
        String reserved = mayNameVenvSchema(content) ? reservedNameIn(content) : null;
        if (reserved != null) {
          // Whatever its place — a piece of a concatenation, a row of VALUES — a string that names
          // venv's own schemas can only be meant to run somewhere the routing cannot follow.
          return new Refusal("42000", "venv: a string names " + reserved + " (" + abbreviate(content) + "); routing"
              + " cannot follow where it is used, so environment " + environment + " refuses it");
        }
        continue;
      }
      if (continues(tokens, k)) {
        return new Refusal("42000", "venv: a statement built from pieces (" + abbreviate(content) + " …) is handed"
            + " to a function in environment " + environment + "; routing cannot tell what it will name, so it is"
            + " refused: write the statement as plain SQL");
      }
      String named = venvNameIn(content);
      if (named == null) {
        continue;
      }
      boolean writes = !StatementClassifier.classify(content, dialect).writes().isEmpty();
      return new Refusal(writes ? "42501" : "42000", "venv: a string holds SQL that names " + named + " ("
          + abbreviate(content) + "); routing cannot follow where it runs, so environment " + environment
          + " refuses it; write the statement as plain SQL");
    }
    return null;
  }

  /**
   * PostgreSQL: a text that would turn {@link StandardStrings#SETTING} off, or whose plain strings
   * with a backslash come after a statement that may have (read by the backend only after that one
   * ran, where routing read them at once).
   */
  private Refusal standardStringsRefusal(SqlTokens tokens) {
    if (StandardStrings.namesSetting(tokens)) {
      return new Refusal("42501", "venv: " + StandardStrings.SETTING + " stays on in environment " + environment
          + ": routing reads strings as PostgreSQL does with it on, and off, a string could hide SQL from it");
    }
    if (tokens.source().indexOf('\\') >= 0 && StandardStrings.hasBackslashString(tokens)
        && StandardStrings.severalStatements(tokens)) {
      return new Refusal("42000", "venv: a string with a backslash after another statement in one text, refused in"
          + " environment " + environment + ": PostgreSQL reads it only after the statements before it ran, which"
          + " may have turned " + StandardStrings.SETTING + " off; send the statements one by one, or write E'…'");
    }
    return null;
  }

  /** Whether string token {@code k} is concatenated ({@code ||}) or continued by an adjacent literal. */
  private static boolean continues(SqlTokens tokens, int k) {
    int next = k + 1;
    while (next < tokens.size() && tokens.kind(next) == TokenKind.COMMENT) {
      next++;
    }
    return next < tokens.size() && (tokens.kind(next) == TokenKind.STRING
        || tokens.kind(next) == TokenKind.OPERATOR && tokens.text(next).equals("||"));
  }

  /** Words before a parenthesis that open a list, not a function's arguments. */
  private static final java.util.Set<String> NOT_FUNCTIONS = java.util.Set.of("values", "in", "exists", "any", "all",
      "some", "as", "from", "join", "select", "where", "and", "or", "not", "on", "using", "by", "with", "then", "else",
      "when", "return", "returns");

  /** Whether string token {@code k} stands in the argument list of a function call: {@code f(…, 'x', …)}. */
  private static boolean isFunctionArgument(SqlTokens tokens, int k) {
    int depth = 0;
    for (int i = k - 1; i >= 0; i--) {
      TokenKind kind = tokens.kind(i);
      if (kind != TokenKind.OPERATOR) {
        continue;
      }
      String op = tokens.text(i);
      if (op.equals(")")) {
        depth++;
      } else if (op.equals(";")) {
        return false;
      } else if (op.equals("(") && depth-- == 0) {
        int name = i - 1;
        while (name >= 0 && tokens.kind(name) == TokenKind.COMMENT) {
          name--;
        }
        if (name < 0) {
          return false;
        }
        TokenKind before = tokens.kind(name);
        return before == TokenKind.QUOTED_IDENTIFIER
            || before == TokenKind.WORD && !NOT_FUNCTIONS.contains(tokens.text(name).toLowerCase(Locale.ROOT));
      }
    }
    return false;
  }

  private static final java.util.Set<String> STATEMENT_VERBS = java.util.Set.of("select", "with", "insert", "update",
      "delete", "merge", "truncate", "drop", "alter", "create", "copy", "call", "do", "execute", "grant", "revoke",
      "comment", "table", "from", "values", "explain", "refresh", "reindex", "cluster", "vacuum", "analyze", "lock",
      "pivot", "unpivot", "summarize", "describe", "show", "use", "set");

  private static boolean startsLikeAStatement(String text) {
    int i = 0;
    while (i < text.length() && (Character.isWhitespace(text.charAt(i)) || text.charAt(i) == '(')) {
      i++;
    }
    int j = i;
    while (j < text.length() && Character.isLetter(text.charAt(j))) {
      j++;
    }
    return j > i && j - i <= 9 && STATEMENT_VERBS.contains(text.substring(i, j).toLowerCase(Locale.ROOT));
  }

  /** What of venv's a text inside a string names, described; null when nothing. */
  private String venvNameIn(String text) {
    ReferenceScan scan = ReferenceScan.of(SqlLexer.lex(text, dialect), names);
    if (scan != null) {
      return scan.count() > 0 ? "model " + scan.target(0).model() : "a name of venv's";
    }
    return firstNamed(text, 0, word -> names.isModelTableName(word) ? "a model's name (" + word + ")"
        : names.kind(word) != SchemaKind.USER ? "venv's schema " + word : null);
  }

  /** Strings inside strings ({@code DO $$ … run('…') … $$}) are read too, this deep. */
  private static final int NESTED_STRINGS = 4;

  /**
   * What {@code describe} says of the first identifier of {@code text}, or of a string inside it,
   * that it says anything of; or null.
   */
  private String firstNamed(String text, int depth, java.util.function.Function<String, String> describe) {
    SqlTokens tokens = SqlLexer.lex(text, dialect);
    for (int k = 0; k < tokens.size(); k++) {
      TokenKind kind = tokens.kind(k);
      String said = null;
      if (kind == TokenKind.STRING && depth < NESTED_STRINGS) {
        said = firstNamed(SqlStrings.value(text, tokens.start(k), tokens.end(k), true), depth + 1, describe);
      } else if (kind == TokenKind.WORD || kind == TokenKind.QUOTED_IDENTIFIER) {
        said = describe.apply(TokenNames.name(tokens, k));
      }
      if (said != null) {
        return said;
      }
    }
    return null;
  }

  /**
   * A cheap test before lexing a string: a name of venv's own schemas holds {@code venv_}, unless
   * escapes spell it ({@code U&"\\0076…"}, {@code E'\\x76…'} inside the string).
   */
  private static boolean mayNameVenvSchema(String text) {
    if (text.length() < 5) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '&' || c == '\\' || (c == 'v' || c == 'V') && text.regionMatches(true, i, "venv_", 0, 5)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The first of venv's own schemas ({@code venv__*}, {@code venv_state}) a string names, in
   * strings inside it too; or null. Unlike a model's name, no user's data has a use for these.
   */
  private String reservedNameIn(String text) {
    return firstNamed(text, 0, word -> names.kind(word) == SchemaKind.VENV ? "venv's schema " + word : null);
  }

  /**
   * Every splice of a text in text order: the scan's references and the session-schema names,
   * which never overlap (a USE names no table), into {@code spans} and {@code texts}.
   */
  private static void splices(String sql, ReferenceScan scan, List<int[]> schemaSplices, List<String> schemaTexts,
      List<int[]> spans, List<String> texts) {
    int k = 0;
    int n = scan == null ? 0 : scan.count();
    for (int s = 0; s <= schemaSplices.size(); s++) {
      int limit = s < schemaSplices.size() ? schemaSplices.get(s)[0] : sql.length();
      for (; k < n && scan.start(k) < limit; k++) {
        spans.add(new int[] {scan.start(k), scan.end(k)});
        texts.add(scan.replacementText(sql, k));
      }
      if (s < schemaSplices.size()) {
        spans.add(schemaSplices.get(s));
        texts.add(schemaTexts.get(s));
      }
    }
  }

  /** {@code sql} with each span replaced by its text; {@code sql} itself when there is none. */
  private static String splice(String sql, List<int[]> spans, List<String> texts) {
    if (spans.isEmpty()) {
      return sql;
    }
    int extra = 0;
    for (String text : texts) {
      extra += text.length();
    }
    StringBuilder out = new StringBuilder(sql.length() + extra);
    int copied = 0;
    for (int s = 0; s < spans.size(); s++) {
      out.append(sql, copied, spans.get(s)[0]).append(texts.get(s));
      copied = spans.get(s)[1];
    }
    return out.append(sql, copied, sql.length()).toString();
  }

  private static String abbreviate(String text) {
    String flat = text.replaceAll("\\s+", " ").strip();
    return flat.length() <= 60 ? flat : flat.substring(0, 57) + "...";
  }

  /**
   * The search path at each point of a text: the session's at the start, then what each
   * session-changing statement sets, from that statement's end on. As a resolver, it answers
   * unqualified names with the path in force where they stand.
   */
  private final class Paths implements NameResolver {
    private final int[] from;
    private final SessionPath[] paths;
    private final Map<SessionPath, NameResolver> resolvers = new HashMap<>(2);
    private final UserTables known;
    private final List<UserTables.Question> questions;
    /** Where the text's write targets start: those are never routed, whatever a path says. */
    private final java.util.Set<Integer> writeTargets = new java.util.HashSet<>();
    private final boolean bare;

    Paths(SessionPath start, Classification c, UserTables known, List<UserTables.Question> questions) {
      this.known = known;
      this.questions = questions;
      for (WriteTarget w : c.writes()) {
        writeTargets.add(w.start());
      }
      List<Integer> offsets = new ArrayList<>(2);
      List<SessionPath> list = new ArrayList<>(2);
      offsets.add(0);
      list.add(start);
      for (Classification.Statement s : c.statements()) {
        if (!s.changesSession()) {
          continue;
        }
        SessionPath next = s.computed() ? SessionPath.UNKNOWN : literalPath(c, s);
        offsets.add(s.end());
        list.add(next);
      }
      this.from = offsets.stream().mapToInt(Integer::intValue).toArray();
      this.paths = list.toArray(new SessionPath[0]);
      boolean any = false;
      for (SessionPath p : paths) {
        any |= resolver(p).resolvesBareNames();
      }
      this.bare = any;
    }

    private SessionPath literalPath(Classification c, Classification.Statement s) {
      List<String> schemas = new ArrayList<>();
      for (SchemaReference ref : c.sessionSchema()) {
        if (ref.start() >= s.start() && ref.start() < s.end()) {
          if (ref.schema().isEmpty()) {
            return SessionPath.UNKNOWN; // back to the backend's default, which only the backend knows
          }
          String model = names.modelSchemaOf(ref.schema());
          schemas.add(model != null && names.kind(ref.schema()) != SchemaKind.OTHER_VIEW ? model : ref.schema());
        }
      }
      return new SessionPath(schemas);
    }

    SessionPath at(int offset) {
      int k = from.length - 1;
      while (k > 0 && from[k] > offset) {
        k--;
      }
      return paths[k];
    }

    /** The path after the whole text, or null when no statement sets one. */
    SessionPath end() {
      return paths.length == 1 ? null : paths[paths.length - 1];
    }

    private NameResolver resolver(SessionPath path) {
      return resolvers.computeIfAbsent(path, p -> names.forPath(p, known, questions));
    }

    @Override
    public Object qualified(SqlTokens tokens, int schema, int table) {
      return names.qualified(tokens, schema, table);
    }

    @Override
    public boolean resolvesBareNames() {
      return bare;
    }

    /**
     * An unqualified name the text writes ({@code UPDATE t}, {@code DELETE FROM t}) is left to the
     * backend: the write checks allowed it (a user's table, or a view that takes no rows), and a
     * physical name in its place would write a snapshot.
     */
    @Override
    public Object bare(SqlTokens tokens, int table) {
      if (writeTargets.contains(tokens.start(table))) {
        return null;
      }
      return resolver(at(tokens.start(table))).bare(tokens, table);
    }
  }
}
