package dev.venv.model;

/**
 * One thing wrong with a model repository, where it is.
 *
 * @param file    the file, relative to the repository root
 * @param line    1-based line, or 0 when the problem has no line
 * @param message what is wrong, in a sentence
 */
public record ModelProblem(String file, int line, String message) {
  @Override
  public String toString() {
    return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
  }
}
