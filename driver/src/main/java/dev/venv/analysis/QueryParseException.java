package dev.venv.analysis;

/** Neither reading of a model query worked; the message says where and why. */
final class QueryParseException extends Exception {
  QueryParseException(String message) {
    super(message);
  }
}
