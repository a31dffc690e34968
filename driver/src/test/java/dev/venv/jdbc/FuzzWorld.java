package dev.venv.jdbc;

import dev.venv.model.ModelFingerprint;
import dev.venv.model.ModelRepository;
import dev.venv.sql.SqlDialect;
import dev.venv.state.PhysicalName;
import dev.venv.testing.ModelRepositories;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The isolation fuzzer's models: a fixed catalog of models whose every row names the model and the
 * variant that made it, so the oracle knows exactly which rows each environment must return.
 *
 * <p>A {@link Repo} picks a variant (or absence) per model; the fuzzer writes it as .sql files,
 * creates environments from it, and keeps, per environment, the {@link Snap} of each model it
 * holds: its one row and its physical object.
 */
final class FuzzWorld {
  private FuzzWorld() {}

  /** The model schemas of the catalog: every schema that holds a model in some repository. */
  static final Set<String> MODEL_SCHEMAS = Set.of("sales", "marts", "lab");

  /**
   * A model of the catalog.
   *
   * @param name     {@code schema.table}
   * @param parent   the model it reads, or {@code null}
   * @param variants how many query variants it has
   * @param presence how likely a random repository holds it (1 = always)
   * @param twin     its query text is the same as the other twin's for the same variant: two
   *                 models, one query (snapshot identity is (model, fingerprint))
   */
  record Model(String name, String parent, int variants, double presence, boolean twin) {
    String schema() {
      return name.substring(0, name.indexOf('.'));
    }

    String table() {
      return name.substring(name.indexOf('.') + 1);
    }

    /** VIEW or FULL; sales.items changes kind with its variant (a kind change is a new snapshot). */
    String kind(int variant) {
      return switch (name) {
        case "sales.items" -> variant % 2 == 1 ? "VIEW" : "FULL";
        case "marts.daily", "marts.fresh", "lab.probe" -> "VIEW";
        default -> "FULL";
      };
    }
  }

  static final List<Model> MODELS = List.of(
      new Model("sales.orders", null, 4, 1, false),
      new Model("sales.items", null, 3, 1, false),
      new Model("sales.legacy", null, 2, 0.5, false),
      new Model("sales.twin", null, 2, 0.8, true),
      new Model("marts.summary", "sales.orders", 2, 0.85, false),
      new Model("marts.daily", "sales.items", 2, 0.85, false),
      new Model("marts.fresh", null, 2, 0.5, false),
      new Model("marts.twin", null, 2, 0.8, true),
      new Model("lab.probe", null, 2, 0.25, false));

  static final Map<String, Model> BY_NAME;

  static {
    Map<String, Model> byName = new LinkedHashMap<>();
    MODELS.forEach(m -> byName.put(m.name(), m));
    BY_NAME = Collections.unmodifiableMap(byName);
  }

  /** Every table name of the catalog (a bare name may mean any of them). */
  static final List<String> TABLES = MODELS.stream().map(Model::table).distinct().sorted().toList();

  /** One model's variant in a repository: its query variant and its owner (metadata only). */
  record Variant(int k, int owner) {}

  /** A model repository as the fuzzer chose it: model → variant; a model not in it is absent. */
  record Repo(TreeMap<String, Variant> models) {
    Repo {
      models = new TreeMap<>(models);
      for (String m : models.keySet()) {
        String parent = BY_NAME.get(m).parent();
        if (parent != null && !models.containsKey(parent)) {
          throw new IllegalArgumentException(m + " without its parent " + parent);
        }
      }
    }

    /**
     * A random repository; with {@code without} naming models that must be absent and
     * {@code with} ones that must be present.
     */
    static Repo random(Random random, Set<String> with, Set<String> without, boolean twins) {
      TreeMap<String, Variant> models = new TreeMap<>();
      for (Model m : MODELS) {
        if (m.twin() && !twins) {
          continue;
        }
        boolean present = with.contains(m.name())
            || !without.contains(m.name()) && random.nextDouble() < m.presence();
        if (present && (m.parent() == null || models.containsKey(m.parent()))) {
          models.put(m.name(), new Variant(1 + random.nextInt(m.variants()), 1 + random.nextInt(2)));
        }
      }
      if (twins && models.containsKey("sales.twin") && models.containsKey("marts.twin") && random.nextInt(3) > 0) {
        // mostly the same query and owner: the case where (model, fingerprint) matters
        models.put("marts.twin", models.get("sales.twin"));
      }
      return new Repo(models);
    }

    /** The model file's text. */
    static String file(String model, Variant v) {
      Model m = BY_NAME.get(model);
      String header = "MODEL (\n  name " + model + ",\n  kind " + m.kind(v.k()) + ",\n  owner 'team" + v.owner()
          + "'\n);\n";
      if (m.twin()) {
        return header + "SELECT 'twin#v" + v.k() + "' AS tag, " + v.k() + " AS n\n";
      }
      if (m.parent() != null) {
        return header + "SELECT p.tag || '>' || '" + model + "#v" + v.k() + "' AS tag, p.n + " + v.k() + " AS n\nFROM "
            + m.parent() + " AS p\n";
      }
      return header + "SELECT '" + model + "#v" + v.k() + "' AS tag, " + v.k() + " AS n\n";
    }

    /** Writes the repository as files below {@code dir}, which must be new; returns it. */
    Path write(Path dir) {
      models.forEach((model, v) -> {
        Model m = BY_NAME.get(model);
        ModelRepositories.write(dir.resolve(m.schema()).resolve(m.table() + ".sql"), file(model, v));
      });
      return dir;
    }

    /** The one row each model returns, {@code tag|n}. */
    String row(String model) {
      Model m = BY_NAME.get(model);
      Variant v = models.get(model);
      if (m.twin()) {
        return "twin#v" + v.k() + "|" + v.k();
      }
      if (m.parent() != null) {
        String[] parent = row(m.parent()).split("\\|");
        return parent[0] + ">" + model + "#v" + v.k() + "|" + (Integer.parseInt(parent[1]) + v.k());
      }
      return model + "#v" + v.k() + "|" + v.k();
    }

    /** Short form for step logs: {@code sales.orders=v2/o1, ...}. */
    @Override
    public String toString() {
      StringBuilder b = new StringBuilder("{");
      models.forEach((m, v) -> b.append(b.length() > 1 ? ", " : "").append(m).append("=v").append(v.k())
          .append("/o").append(v.owner()));
      return b.append('}').toString();
    }
  }

  /**
   * What one model is in one environment: its row, kind and physical object, and the physical
   * objects a read of it needs (its own, and for a VIEW its parent's).
   */
  record Snap(String model, String row, String kind, PhysicalName physical, List<PhysicalName> needs) {}

  /** An environment's (or a connection's pinned) snapshot set: model → snap. */
  record EnvState(Map<String, Snap> snaps) {
    EnvState {
      snaps = Collections.unmodifiableMap(new TreeMap<>(snaps));
    }

    boolean holds(String model) {
      return snaps.containsKey(model);
    }

    Set<String> schemas() {
      Set<String> schemas = new TreeSet<>();
      snaps.keySet().forEach(m -> schemas.add(m.substring(0, m.indexOf('.'))));
      return schemas;
    }

    /** The physical objects a read of every model needs. */
    Set<PhysicalName> physicals() {
      Set<PhysicalName> all = new TreeSet<>(java.util.Comparator.comparing(PhysicalName::toString));
      snaps.values().forEach(s -> all.addAll(s.needs()));
      return all;
    }
  }

  /**
   * The snapshot set a repository makes, with physical names from the product's own
   * fingerprinting (the version is the data fingerprint's first 16 hex chars).
   */
  static EnvState state(Repo repo, Path dir, SqlDialect dialect) {
    ModelRepository repository;
    try {
      repository = ModelRepository.load(dir, dialect);
    } catch (Exception e) {
      throw new IllegalStateException("The fuzzer wrote an invalid repository " + repo + ": " + e.getMessage(), e);
    }
    Map<String, ModelFingerprint> fingerprints = repository.fingerprints();
    Map<String, Snap> snaps = new TreeMap<>();
    for (String model : repo.models().keySet()) {
      snaps.put(model, snap(repo, model, fingerprints));
    }
    return new EnvState(snaps);
  }

  private static Snap snap(Repo repo, String model, Map<String, ModelFingerprint> fingerprints) {
    Model m = BY_NAME.get(model);
    String kind = m.kind(repo.models().get(model).k());
    PhysicalName physical = PhysicalName.of(m.schema(), m.table(), fingerprints.get(model).version());
    List<PhysicalName> needs = new ArrayList<>();
    needs.add(physical);
    if (m.parent() != null && kind.equals("VIEW")) {
      needs.addAll(snap(repo, m.parent(), fingerprints).needs());
    }
    return new Snap(model, repo.row(model), kind, physical, List.copyOf(needs));
  }
}
