package dev.venv.cli;

import dev.venv.env.Environments;
import dev.venv.env.Plan;
import dev.venv.graph.EnvironmentGraph;
import dev.venv.graph.GraphFormat;
import dev.venv.sql.BackendCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "graph", mixinStandardHelpOptions = true,
    description = {"Draw ENV's model graph, each model coloured by what creating ENV from SRC does to it: directly"
        + " changed, rebuilt because something upstream changed, added, shared with SRC, metadata-only; kind, version"
        + " and physical object on hover, and a legend with the counts. An ENV that exists is drawn as it is, compared"
        + " with SRC; one that does not is planned from --models, building nothing. Changes nothing.",
        "Formats: html (one self-contained page: inline SVG, no script, loads nothing), svg, dot (Graphviz)."})
final class GraphCommand implements Callable<Integer> {
  /** SQLState of a file that cannot be written: PostgreSQL's io_error. */
  static final String IO_ERROR = "58030";

  @Parameters(index = "0", paramLabel = "ENV", description = "Environment name ([a-z][a-z0-9_]{0,39}, no __)")
  String environment;

  @Option(names = "--from", defaultValue = "prod", paramLabel = "SRC",
      description = "The environment ENV is compared with (default: ${DEFAULT-VALUE})")
  String from;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "html, svg or dot (default: from FILE's extension, .svg, .dot or .gv; else html)")
  String format;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the drawing to FILE (default: stdout)")
  Path output;

  @Option(names = "--models", paramLabel = "DIR",
      description = "Model repository: needed only when ENV does not exist yet, to plan it")
  Path models;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
  @Mixin BackendOptions backend;

  @Override
  public Integer call() throws Exception {
    VenvCli.checkEnvironmentName(spec, environment);
    VenvCli.checkEnvironmentName(spec, from);
    GraphFormat drawAs = format();
    if (output != null) {
      checkWritable(output);
    }
    Plan plan;
    try (Environments environments = backend.open()) {
      plan = plan(environments);
    }
    EnvironmentGraph graph = EnvironmentGraph.of(plan);
    String drawing = drawAs.render(graph);
    if (output != null) {
      write(output, drawing);
    }
    if (backend.json) {
      Map<String, Object> doc = graph.document();
      doc.put("format", drawAs.label());
      doc.put("output", output == null ? null : output.toAbsolutePath().toString());
      Json.print(doc);
    } else if (output == null) {
      System.out.print(drawing);
    } else {
      System.out.printf("%s: %s.%nWrote the graph (%s) to %s%n", graph.heading(), graph.summary(), drawAs.label(),
          output);
    }
    return 0;
  }

  private GraphFormat format() {
    if (format == null) {
      return output == null ? GraphFormat.HTML : GraphFormat.forFile(output);
    }
    return GraphFormat.named(format).orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(),
        "Unknown format '" + format + "': html, svg or dot"));
  }

  /** An existing ENV as it is, against SRC; a missing one as the planner would create it. */
  private Plan plan(Environments environments) throws SQLException {
    if (environments.environment(environment).isPresent()) {
      if (models != null) {
        System.err.println("note: environment '" + environment + "' exists: drawn as it is, compared with '" + from
            + "'; --models is read only for an environment still to create");
      }
      return environments.compare(environment, from);
    }
    if (models == null) {
      throw new SQLException("Environment '" + environment + "' does not exist: give --models DIR to draw what"
          + " creating it from '" + from + "' would do", "42704");
    }
    return environments.plan(RepositoryOptions.load(models, environments), environment, from);
  }

  /** Refuses a FILE that cannot be written before anything is read, so a long plan is not wasted. */
  private static void checkWritable(Path file) throws SQLException {
    Path absolute = file.toAbsolutePath();
    Path folder = absolute.getParent();
    if (Files.isDirectory(absolute)) {
      throw new SQLException("Cannot write the graph to " + file + ": it is a directory", IO_ERROR);
    }
    if (folder == null || !Files.isDirectory(folder)) {
      throw new SQLException("Cannot write the graph to " + file + ": no directory " + folder, IO_ERROR);
    }
    if (!Files.isWritable(folder) || (Files.exists(absolute) && !Files.isWritable(absolute))) {
      throw new SQLException("Cannot write the graph to " + file + ": not writable", IO_ERROR);
    }
  }

  /**
   * Writes beside FILE and moves it into place: a failed write leaves no half a drawing. FILE is
   * taken as a shell redirect takes it: a link is followed to the file it names, and what is not a
   * file (a pipe, a device, {@code /dev/stdout}) is written into, never replaced.
   */
  private static void write(Path file, String drawing) throws SQLException {
    // links followed, a link to a file not made yet too, as for a redirect
    Path absolute = BackendCatalog.realFile(file);
    Path partial = null;
    try {
      if (Files.exists(absolute) && !Files.isRegularFile(absolute)) {
        Files.writeString(absolute, drawing, StandardCharsets.UTF_8);
        return;
      }
      // not Files.createTempFile: its owner-only permissions would follow the drawing into place
      partial = absolute.resolveSibling("." + absolute.getFileName() + "." + ProcessHandle.current().pid() + ".partial");
      Files.writeString(partial, drawing, StandardCharsets.UTF_8);
      Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      try {
        if (partial != null) {
          Files.deleteIfExists(partial);
        }
      } catch (IOException ignored) {
        // the error that matters is the write's
      }
      throw new SQLException("Cannot write the graph to " + file + ": " + e, IO_ERROR, e);
    }
  }
}
