package dev.venv.model;

import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The model repository is invalid: every problem found, each naming its file (and line). Nothing
 * is created from an invalid repository. SQLState {@code 42000}: the definitions are wrong.
 */
public class ModelRepositoryException extends SQLException {
  private static final long serialVersionUID = 1L;

  private final transient List<ModelProblem> problems;

  public ModelRepositoryException(String root, List<ModelProblem> problems) {
    super("Invalid model repository " + root + ":\n  "
        + problems.stream().map(ModelProblem::toString).collect(Collectors.joining("\n  ")), "42000");
    this.problems = List.copyOf(problems);
  }

  public List<ModelProblem> problems() {
    return problems;
  }
}
