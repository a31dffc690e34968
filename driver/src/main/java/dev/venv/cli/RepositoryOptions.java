package dev.venv.cli;

import dev.venv.env.Environments;
import dev.venv.model.ModelProblem;
import dev.venv.model.ModelRepository;
import java.nio.file.Path;
import java.sql.SQLException;
import picocli.CommandLine.Option;

/** Where the model repository is. */
final class RepositoryOptions {
  @Option(names = "--models", required = true, paramLabel = "DIR", description = "Model repository folder")
  Path models;

  /** Loads and validates the repository; warnings go to stderr. */
  ModelRepository load(Environments environments) throws SQLException {
    return load(models, environments);
  }

  /** Loads and validates the repository at {@code models}; warnings go to stderr. */
  static ModelRepository load(Path models, Environments environments) throws SQLException {
    ModelRepository repository = ModelRepository.load(models, environments.engine().dialect());
    for (ModelProblem warning : repository.warnings()) {
      System.err.println("warning: " + warning);
    }
    return repository;
  }
}
