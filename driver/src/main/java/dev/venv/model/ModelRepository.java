package dev.venv.model;

import dev.venv.sql.ModelReference;
import dev.venv.sql.ModelReferenceRewriter;
import dev.venv.sql.SqlCanonicalizer;
import dev.venv.sql.SqlDialect;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A validated model repository: every {@code *.sql} file below the root is one model (SPEC §3).
 *
 * <p>{@link #load} checks the whole repository and throws one {@link ModelRepositoryException}
 * listing every problem, so an invalid repository never reaches the planner.
 */
public final class ModelRepository {
  private final Path root;
  private final Map<String, ModelDefinition> models;
  private final ModelGraph graph;
  private final Map<String, ModelFingerprint> fingerprints;
  private final List<ModelProblem> warnings;
  private final SqlDialect dialect;

  private ModelRepository(Path root, Map<String, ModelDefinition> models, ModelGraph graph,
      Map<String, ModelFingerprint> fingerprints, List<ModelProblem> warnings, SqlDialect dialect) {
    this.root = root;
    this.dialect = dialect;
    this.models = Collections.unmodifiableMap(models);
    this.graph = graph;
    this.fingerprints = Collections.unmodifiableMap(fingerprints);
    this.warnings = List.copyOf(warnings);
  }

  /** Loads, validates and fingerprints the repository at {@code root}; model SQL is DuckDB's. */
  public static ModelRepository load(Path root) throws ModelRepositoryException {
    return load(root, SqlDialect.DUCKDB);
  }

  /** Loads, validates and fingerprints the repository at {@code root}, reading every file. */
  public static ModelRepository load(Path root, SqlDialect dialect) throws ModelRepositoryException {
    return load(root, dialect, new ModelFileCache());
  }

  /**
   * Loads, validates and fingerprints the repository at {@code root}, parsing only the files that
   * changed since {@code cache} last saw them.
   */
  public static ModelRepository load(Path root, SqlDialect dialect, ModelFileCache cache)
      throws ModelRepositoryException {
    return new Loader(root.toAbsolutePath().normalize(), dialect, cache).load();
  }

  public Path root() {
    return root;
  }

  /** The backend's SQL dialect its models are written in. */
  public SqlDialect dialect() {
    return dialect;
  }

  /** Every model by name, sorted. */
  public Map<String, ModelDefinition> models() {
    return models;
  }

  public ModelDefinition model(String name) {
    return models.get(name);
  }

  public ModelGraph graph() {
    return graph;
  }

  /** Every model's fingerprint, by name. */
  public Map<String, ModelFingerprint> fingerprints() {
    return fingerprints;
  }

  /**
   * Whether {@code model}'s definition differs from a previous one, whose own definition digest is
   * {@code previousDefinition}, in its query only ({@code previousQuery}): same kind, kind
   * arguments and declared columns. Only then can comparing the two queries tell what changed.
   */
  public boolean differsInQueryOnly(String model, String previousQuery, String previousDefinition) {
    ModelDefinition m = models.get(model);
    if (m == null || m.kind() == ModelKind.SEED || previousQuery == null || previousQuery.isEmpty()) {
      return false;
    }
    String canonical = SqlCanonicalizer.canonical(previousQuery, dialect);
    return new Sha256().field(m.kind().name()).field(m.seedPath()).field(canonical).field(m.columns()).hex()
        .equals(previousDefinition);
  }

  /** Things worth telling that do not stop the repository (unknown properties). */
  public List<ModelProblem> warnings() {
    return warnings;
  }

  /** Walks, parses and checks one repository. */
  private static final class Loader {
    private final Path root;
    private final SqlDialect dialect;
    private final ModelFileCache cache;
    private final List<ModelProblem> problems = new ArrayList<>();
    private final List<ModelProblem> warnings = new ArrayList<>();

    Loader(Path root, SqlDialect dialect, ModelFileCache cache) {
      this.root = root;
      this.dialect = dialect;
      this.cache = cache;
    }

    ModelRepository load() throws ModelRepositoryException {
      Map<String, ModelFileCache.ParsedFile> byName = new TreeMap<>();
      Map<String, ModelDefinition> models = new TreeMap<>();
      for (ModelFileCache.ParsedFile file : parseFiles()) {
        problems.addAll(file.parsed().problems());
        warnings.addAll(file.parsed().warnings());
        ModelDefinition model = file.parsed().model();
        if (model == null) {
          continue;
        }
        ModelDefinition other = models.putIfAbsent(model.name(), model);
        if (other != null) {
          problems.add(new ModelProblem(model.relativePath(), 0,
              "model " + model.name() + " is defined twice: here and in " + other.relativePath()));
        } else {
          byName.put(model.name(), file);
        }
      }
      Map<String, String> ownDigests = new HashMap<>();
      Map<String, String> metadataDigests = new HashMap<>();
      for (ModelDefinition model : models.values()) {
        String digest = byName.get(model.name()).ownDigest();
        metadataDigests.put(model.name(), byName.get(model.name()).metadataDigest());
        if (model.kind() == ModelKind.SEED) {
          String seed = cache.seedDigest(model.seed());
          if (seed == null) {
            problems.add(new ModelProblem(model.relativePath(), 0,
                "seed CSV '" + model.seedPath() + "' not found (looked for " + model.seed() + ")"));
            continue;
          }
          digest = new Sha256().field(digest).field(seed).hex();
        }
        ownDigests.put(model.name(), digest);
      }
      Map<String, Set<String>> parents = references(models, byName);
      ModelGraph graph = new ModelGraph(parents);
      graph.findCycle().ifPresent(cycle -> problems.add(new ModelProblem(
          models.get(cycle.get(0)).relativePath(), 0, "dependency cycle: " + cycle.stream()
              .map(m -> m + " (" + models.get(m).relativePath() + ")").collect(Collectors.joining(" → ")))));
      if (models.isEmpty() && problems.isEmpty()) {
        problems.add(new ModelProblem(root.toString(), 0, "no model files (*.sql) in the repository"));
      }
      if (!problems.isEmpty()) {
        throw new ModelRepositoryException(root.toString(), problems);
      }
      return new ModelRepository(root, models, graph, Fingerprinter.fingerprint(graph, ownDigests, metadataDigests), warnings,
          dialect);
    }

    private List<ModelFileCache.ParsedFile> parseFiles() throws ModelRepositoryException {
      if (!Files.isDirectory(root)) {
        throw new ModelRepositoryException(root.toString(),
            List.of(new ModelProblem(root.toString(), 0, "the model repository folder does not exist")));
      }
      List<ModelFileCache.ParsedFile> files = new ArrayList<>();
      try {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            // Hidden folders (.git, .venv, ...) hold no models.
            return !dir.equals(root) && dir.getFileName().toString().startsWith(".")
                ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile() && file.getFileName().toString().endsWith(".sql")) {
              String relative = root.relativize(file).toString().replace('\\', '/');
              files.add(cache.parse(file, relative, attrs, dialect));
            }
            return FileVisitResult.CONTINUE;
          }
        });
      } catch (IOException e) {
        throw new ModelRepositoryException(root.toString(),
            List.of(new ModelProblem(root.toString(), 0, "cannot be read: " + e.getMessage())));
      }
      return files;
    }

    /** Each model's parents: the models its query names; a model naming itself is a problem. */
    private Map<String, Set<String>> references(Map<String, ModelDefinition> models,
        Map<String, ModelFileCache.ParsedFile> files) {
      long namesKey = namesKey(models.keySet());
      ModelReferenceRewriter finder = null;
      Map<String, Set<String>> parents = new LinkedHashMap<>();
      for (ModelDefinition model : models.values()) {
        ModelFileCache.ParsedFile file = files.get(model.name());
        Set<String> refs = cache.references(model.file(), model.relativePath(), dialect, file, namesKey);
        if (refs == null) {
          if (finder == null) {
            Map<String, String> names = new HashMap<>();
            models.keySet().forEach(n -> names.put(n, n));
            finder = ModelReferenceRewriter.of(names, dialect);
          }
          refs = new LinkedHashSet<>(finder.referencedModels(model.query()));
          cache.putReferences(model.file(), model.relativePath(), dialect, file, namesKey, refs);
        }
        if (refs.contains(model.name())) {
          if (finder == null) {
            Map<String, String> self = Map.of(model.name(), model.name());
            finder = ModelReferenceRewriter.of(self, dialect);
          }
          problems.add(new ModelProblem(model.relativePath(), selfReferenceLine(model, finder),
              "model " + model.name() + " references itself"));
          refs = new LinkedHashSet<>(refs);
          refs.remove(model.name());
        }
        parents.put(model.name(), refs);
      }
      return parents;
    }

    private static int selfReferenceLine(ModelDefinition model, ModelReferenceRewriter finder) {
      for (ModelReference ref : finder.find(model.query())) {
        if (ref.model().equals(model.name())) {
          return model.queryLine() + (int) model.query().substring(0, ref.start()).chars().filter(c -> c == '\n').count();
        }
      }
      return model.queryLine();
    }

    /** A key for a set of names: references found under one set hold for the same set. */
    private static long namesKey(Set<String> names) {
      String hex = new Sha256().field(String.join("\n", names)).hex();
      return Long.parseUnsignedLong(hex.substring(0, 16), 16);
    }
  }
}
