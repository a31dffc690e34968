package dev.venv.analysis;

import java.util.List;
import java.util.Set;

/**
 * What a function call may do to a query's rows, by the function's name: aggregate them, return
 * several per row, or neither. The lists are inverted where a guess would reuse: a function is
 * row-preserving only when it is listed here as a plain scalar function (of DuckDB and PostgreSQL,
 * or one SQL's grammar gives its own syntax); any other function, a user's included, may be an
 * aggregate or return several rows, so a column that comes to call it is a breaking change.
 */
final class FunctionKinds {
  private FunctionKinds() {}

  /** Names of aggregate functions (Calcite's and DuckDB's, lower case): an added one may collapse rows. */
  static final Set<String> AGGREGATES = Set.of(
      "count", "sum", "avg", "min", "max", "any_value", "arbitrary", "first", "last", "list", "array_agg",
      "string_agg", "group_concat", "listagg", "bool_and", "bool_or", "every", "some", "bit_and", "bit_or",
      "bit_xor", "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp", "median", "mode",
      "quantile", "quantile_cont", "quantile_disc", "percentile_cont", "percentile_disc", "approx_count_distinct",
      "approx_quantile", "arg_max", "arg_min", "argmax", "argmin", "max_by", "min_by", "corr", "covar_pop",
      "covar_samp", "regr_slope", "regr_intercept", "regr_count", "regr_r2", "histogram", "product", "fsum",
      "favg", "kurtosis", "skewness", "entropy", "json_agg", "jsonb_agg", "json_object_agg", "json_group_array",
      "json_group_object", "xmlagg", "collect", "fusion", "intersection", "count_if", "countif", "sumkahan",
      "bitstring_agg", "array_concat_agg", "approx_top_k", "reservoir_quantile", "mad", "geomean", "grouping");

  /** Functions known to return several rows per input row. */
  static final Set<String> SET_RETURNING = Set.of(
      "unnest", "generate_series", "range", "generate_subscripts", "json_each", "json_tree", "regexp_split_to_table",
      "jsonb_each", "jsonb_array_elements", "json_array_elements", "string_to_table", "explode");

  /**
   * Scalar functions: one value from one row, in DuckDB and in PostgreSQL where both have the name
   * (a name only one of them has fails on the other, so it cannot make rows differ there). Never a
   * name one of them gives another kind: PostgreSQL's {@code regexp_matches} returns rows.
   */
  private static final Set<String> ROW_PRESERVING = Set.of(
      // the grammar's own forms (CAST, TRIM(... FROM ...), EXTRACT, niladic functions) and conditionals
      "cast", "try_cast", "convert", "translate", "translate3", "trim", "substring", "position", "overlay",
      "extract", "floor", "ceil", "ceiling", "coalesce", "nullif", "greatest", "least", "ifnull", "if", "row",
      "current_date", "current_time", "current_timestamp", "localtime", "localtimestamp", "current_user",
      "session_user", "user", "current_role", "current_schema", "current_catalog", "current_database",
      "columns", // DuckDB's COLUMNS(...): one value per row for each column it picks
      // numbers
      "abs", "sign", "sqrt", "cbrt", "exp", "ln", "log", "log10", "log2", "power", "pow", "mod", "round", "trunc",
      "pi", "degrees", "radians", "sin", "cos", "tan", "asin", "acos", "atan", "atan2", "cot", "gcd", "lcm",
      "factorial", "div", "random", "isnan", "isinf", "isfinite", "width_bucket",
      // text
      "lower", "upper", "initcap", "length", "char_length", "character_length", "octet_length", "bit_length",
      "ltrim", "rtrim", "btrim", "substr", "left", "right", "lpad", "rpad", "replace", "reverse", "repeat", "strpos",
      "instr", "concat", "concat_ws", "split_part", "starts_with", "ends_with", "contains", "ascii", "chr", "md5",
      "sha256", "format", "printf", "regexp_replace", "regexp_like", "regexp_extract", "regexp_full_match",
      "regexp_split_to_array", "string_to_array", "array_to_string", "to_hex", "quote_ident", "quote_literal",
      "encode", "decode",
      // dates and times
      "date_trunc", "date_part", "datepart", "age", "now", "make_date", "make_time", "make_timestamp",
      "make_interval", "to_timestamp", "to_char", "to_date", "to_number", "strftime", "strptime", "epoch",
      "epoch_ms", "date_diff", "datediff", "date_sub", "datesub", "date_add", "last_day", "dayname", "monthname",
      "year", "month", "day", "hour", "minute", "second", "week", "quarter", "dayofweek", "dayofyear",
      "dayofmonth", "isodow", "isoyear", "timezone", "justify_days", "justify_hours", "justify_interval",
      "clock_timestamp", "statement_timestamp", "transaction_timestamp", "today",
      // types, JSON, arrays and structs
      "typeof", "pg_typeof", "to_json", "to_jsonb", "row_to_json", "json_build_object", "jsonb_build_object",
      "json_build_array", "jsonb_build_array", "json_object", "json_array", "json_extract", "json_extract_string",
      "json_extract_path", "jsonb_extract_path", "json_extract_path_text", "jsonb_extract_path_text",
      "json_typeof", "jsonb_typeof", "json_array_length", "jsonb_array_length", "jsonb_set", "json_valid",
      "array_length", "cardinality", "array_position", "array_append", "array_prepend", "array_cat",
      "array_remove", "array_contains", "list_contains", "list_value", "list_extract", "list_element", "len",
      "array_lower", "array_upper", "array_ndims", "struct_pack", "struct_extract", "hash", "gen_random_uuid",
      "uuid");

  /** The schemas whose functions are the built-in ones. */
  private static final Set<String> BUILT_IN_SCHEMAS = Set.of("pg_catalog", "main", "system");

  static boolean aggregate(String name) {
    return AGGREGATES.contains(name);
  }

  static boolean setReturning(String name) {
    return SET_RETURNING.contains(name);
  }

  /**
   * Whether a call of {@code name} (its parts, lower case) is known to keep the rows: a listed
   * scalar function, unqualified or in a built-in schema. A schema's own function is not known.
   */
  static boolean rowPreserving(List<String> name) {
    if (name.size() > 2 || name.size() == 2 && !BUILT_IN_SCHEMAS.contains(name.get(0))) {
      return false;
    }
    return ROW_PRESERVING.contains(name.get(name.size() - 1));
  }

  /** A call's name when it may aggregate or return rows though no list names it so; else {@code null}. */
  static String unknown(List<String> name) {
    String last = name.get(name.size() - 1);
    return aggregate(last) || setReturning(last) || rowPreserving(name) ? null : String.join(".", name);
  }
}
