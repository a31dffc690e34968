package dev.venv.model;

import dev.venv.sql.SqlCanonicalizer;
import dev.venv.sql.SqlDialect;
import dev.venv.sql.SqlLexer;
import dev.venv.sql.SqlTokens;
import dev.venv.sql.TokenKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Parses one model file: the {@code MODEL (...)} header in SQLMesh syntax, then one query.
 *
 * <p>Works on the lexer's tokens, so comments, strings and any layout are handled as SQL handles
 * them. Collects every problem of the file instead of stopping at the first.
 */
final class ModelFileParser {
  /** Schemas the backends search or own: main, public, the catalogs' and temporary schemas. */
  private static final java.util.Set<String> BACKEND_SCHEMAS =
      java.util.Set.of("main", "public", "information_schema", "pg_catalog", "temp", "system");
  /** Properties that describe a model without changing its data. */
  static final Set<String> METADATA_PROPERTIES = Set.of("owner", "description", "tags", "grain", "cron");

  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");
  private static final Set<String> QUERY_STARTS = Set.of("select", "with", "from", "values", "(");

  /** What one file gave: a model, or the problems that stop it; warnings either way. */
  record Parsed(ModelDefinition model, String canonicalQuery, Map<String, String> canonicalMetadata,
      List<ModelProblem> problems, List<ModelProblem> warnings) {}

  private final Path file;
  private final String relativePath;
  private final SqlTokens tokens;
  private final SqlDialect dialect;
  private final int[] code; // indices of the tokens that are not comments
  private final List<ModelProblem> problems = new ArrayList<>();
  private final List<ModelProblem> warnings = new ArrayList<>();
  private int at;

  private ModelFileParser(Path file, String relativePath, String text, SqlDialect dialect) {
    this.file = file;
    this.relativePath = relativePath;
    this.dialect = dialect;
    this.tokens = SqlLexer.lex(text, dialect);
    int[] indices = new int[tokens.size()];
    int n = 0;
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.kind(i) != TokenKind.COMMENT) {
        indices[n++] = i;
      }
    }
    this.code = java.util.Arrays.copyOf(indices, n);
  }

  static Parsed parse(Path file, String relativePath, String text, SqlDialect dialect) {
    return new ModelFileParser(file, relativePath, text, dialect).parse();
  }

  private Parsed parse() {
    if (tokens.unterminatedAt() >= 0) {
      problem(tokens.lineOf(tokens.unterminatedAt()), "unterminated string, quoted identifier or comment");
      return failed();
    }
    if (!isWord(at, "model") || !isText(at + 1, "(")) {
      problem(at < code.length ? line(at) : 1,
          "missing MODEL (...) header: a model file starts with MODEL (name schema.table, ...)");
      return failed();
    }
    int headerLine = line(at);
    at += 2;
    Map<String, Integer> seen = new LinkedHashMap<>();
    String name = null;
    ModelKind kind = ModelKind.VIEW;
    String seedPath = null;
    String columns = null;
    Map<String, String> metadata = new LinkedHashMap<>();
    Map<String, String> canonicalMetadata = new TreeMap<>();
    while (at < code.length && !isText(at, ")")) {
      if (tokens.kind(code[at]) != TokenKind.WORD) {
        problem(line(at), "expected a property name in the MODEL header, found '" + text(at) + "'");
        return failed();
      }
      String property = text(at).toLowerCase(Locale.ROOT);
      int propertyLine = line(at);
      int valueStart = ++at;
      int valueEnd = endOfValue();
      if (valueEnd < 0) {
        problem(headerLine, "the MODEL header is not closed with ')'");
        return failed();
      }
      if (seen.put(property, propertyLine) != null) {
        problem(propertyLine, "property '" + property + "' is given twice");
      } else if (valueStart == valueEnd) {
        problem(propertyLine, "property '" + property + "' has no value");
      } else {
        switch (property) {
          case "name" -> name = parseName(valueStart, valueEnd, propertyLine);
          case "kind" -> {
            kind = parseKind(valueStart, valueEnd, propertyLine);
            if (kind == ModelKind.SEED) {
              seedPath = parseSeedPath(valueStart, valueEnd, propertyLine);
            }
          }
          case "columns" -> columns = canonical(valueStart, valueEnd);
          default -> {
            metadata.put(property, metadataValue(valueStart, valueEnd));
            canonicalMetadata.put(property, canonical(valueStart, valueEnd));
            if (!METADATA_PROPERTIES.contains(property)) {
              warnings.add(new ModelProblem(relativePath, propertyLine,
                  "unknown property '" + property + "' kept as metadata"));
            }
          }
        }
      }
      at = valueEnd;
      if (isText(at, ",")) {
        at++;
      }
    }
    if (at >= code.length) {
      problem(headerLine, "the MODEL header is not closed with ')'");
      return failed();
    }
    at++; // ')'
    if (isText(at, ";")) {
      at++;
    }
    if (name == null && !seen.containsKey("name")) {
      problem(headerLine, "the MODEL header has no name (name schema.table)");
    }
    int queryLine = at < code.length ? line(at) : line(code.length - 1);
    String query = query();
    if (kind == ModelKind.SEED) {
      if (!query.isEmpty()) {
        problem(queryLine, "a SEED model has no query: its data is the CSV file");
      }
    } else if (query.isEmpty()) {
      problem(headerLine, "empty query: a " + kind + " model needs one SELECT statement after its header");
    } else {
      checkOneSelect(queryLine);
    }
    if (!problems.isEmpty() || name == null) {
      return failed();
    }
    Path seed = seedPath == null ? null : file.getParent().resolve(seedPath).normalize();
    ModelDefinition model = new ModelDefinition(
        name, kind, seed, seedPath, query, queryLine, columns, metadata, file, relativePath);
    String canonicalQuery = query.isEmpty() ? "" : SqlCanonicalizer.canonical(query, dialect);
    return new Parsed(model, canonicalQuery, canonicalMetadata, List.copyOf(problems), List.copyOf(warnings));
  }

  private Parsed failed() {
    return new Parsed(null, null, Map.of(), List.copyOf(problems), List.copyOf(warnings));
  }

  /** The index of the ',' or ')' that ends the value starting at {@link #at}, or -1. */
  private int endOfValue() {
    int depth = 0;
    for (int i = at; i < code.length; i++) {
      String t = text(i);
      if (tokens.kind(code[i]) == TokenKind.OPERATOR) {
        switch (t) {
          case "(", "[", "{" -> depth++;
          case ")", "]", "}" -> {
            if (depth == 0) {
              return t.equals(")") ? i : -1;
            }
            depth--;
          }
          case "," -> {
            if (depth == 0) {
              return i;
            }
          }
          default -> { }
        }
      }
    }
    return -1;
  }

  private String parseName(int from, int to, int line) {
    List<String> parts = new ArrayList<>();
    for (int i = from; i < to; i++) {
      boolean expectIdentifier = (i - from) % 2 == 0;
      TokenKind k = tokens.kind(code[i]);
      if (expectIdentifier ? k != TokenKind.WORD : k != TokenKind.DOT) {
        parts.clear();
        break;
      }
      if (expectIdentifier) {
        parts.add(text(i).toLowerCase(Locale.ROOT));
      }
    }
    if (parts.size() != 2 || (to - from) != 3) {
      problem(line, "name must be schema.table, found '" + span(from, to) + "'");
      return null;
    }
    for (String part : parts) {
      if (!IDENTIFIER.matcher(part).matches()) {
        problem(line, "name part '" + part + "' must be a plain identifier ([a-z_][a-z0-9_]*)");
        return null;
      }
    }
    String schema = parts.get(0);
    if (schema.contains("__") || schema.startsWith("venv_")) {
      problem(line, "schema '" + schema + "' is reserved: venv uses '__' and the 'venv_' prefix for its own schemas");
      return null;
    }
    if (BACKEND_SCHEMAS.contains(schema) || schema.startsWith("pg_")) {
      // DuckDB resolves unqualified names through main after the session's schema, PostgreSQL
      // through pg_catalog before it: models there would be read around their environment.
      problem(line, "schema '" + schema + "' is the backend's own (a default or system schema, searched whatever"
          + " the session's schema is); give the model a schema of its own");
      return null;
    }
    return schema + "." + parts.get(1);
  }

  private ModelKind parseKind(int from, int to, int line) {
    String word = text(from).toUpperCase(Locale.ROOT);
    ModelKind kind;
    try {
      kind = tokens.kind(code[from]) == TokenKind.WORD ? ModelKind.valueOf(word) : null;
    } catch (IllegalArgumentException e) {
      kind = null;
    }
    if (kind == null) {
      problem(line, "unknown kind '" + text(from) + "' (supported: VIEW, FULL, SEED)");
      return ModelKind.VIEW;
    }
    if (kind != ModelKind.SEED && to - from > 1) {
      problem(line, "kind " + kind + " takes no arguments");
    }
    return kind;
  }

  private String parseSeedPath(int from, int to, int line) {
    // SEED ( path '...' )
    if (to - from == 5 && isText(from + 1, "(") && isWord(from + 2, "path")
        && tokens.kind(code[from + 3]) == TokenKind.STRING && isText(from + 4, ")")) {
      String path = unquote(text(from + 3));
      if (!path.isEmpty()) {
        return path;
      }
    }
    problem(line, "kind SEED needs its CSV: SEED (path 'relative/to/this/file.csv')");
    return null;
  }

  private String metadataValue(int from, int to) {
    if (to - from == 1 && tokens.kind(code[from]) == TokenKind.STRING) {
      return unquote(text(from));
    }
    return span(from, to);
  }

  /** The query text: from its first token to its last, without trailing semicolons and comments. */
  private String query() {
    int last = code.length - 1;
    while (last >= at && isText(last, ";")) {
      last--;
    }
    if (last < at) {
      return "";
    }
    return tokens.source().substring(tokens.start(code[at]), tokens.end(code[last]));
  }

  private void checkOneSelect(int queryLine) {
    String first = text(at).toLowerCase(Locale.ROOT);
    if (!QUERY_STARTS.contains(first)) {
      problem(queryLine, "the query must be one SELECT (or WITH ... SELECT) statement, found '" + text(at) + "'");
      return;
    }
    int last = code.length - 1;
    while (last >= at && isText(last, ";")) {
      last--;
    }
    for (int i = at; i <= last; i++) {
      if (isText(i, ";")) {
        problem(line(i), "the query must be one statement; a second one follows this ';'");
        return;
      }
    }
  }

  private String canonical(int from, int to) {
    return SqlCanonicalizer.canonical(span(from, to), dialect);
  }

  private String span(int from, int to) {
    return tokens.source().substring(tokens.start(code[from]), tokens.end(code[to - 1]));
  }

  private static String unquote(String literal) {
    int open = literal.indexOf('\'');
    return literal.substring(open + 1, literal.length() - 1).replace("''", "'");
  }

  private boolean isWord(int i, String word) {
    return i < code.length && tokens.kind(code[i]) == TokenKind.WORD && text(i).equalsIgnoreCase(word);
  }

  private boolean isText(int i, String text) {
    return i < code.length && tokens.kind(code[i]) != TokenKind.STRING && text(i).equals(text);
  }

  private String text(int i) {
    return tokens.text(code[i]);
  }

  private int line(int i) {
    return tokens.lineOf(tokens.start(code[i]));
  }

  private void problem(int line, String message) {
    problems.add(new ModelProblem(relativePath, line, message));
  }
}
