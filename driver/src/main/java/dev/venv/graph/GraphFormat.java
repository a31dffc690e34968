package dev.venv.graph;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** The ways {@code venv graph} draws an {@link EnvironmentGraph}. */
public enum GraphFormat {
  /** One self-contained page: the SVG inline, no script, nothing loaded from anywhere. */
  HTML(HtmlRenderer::render),
  /** A standalone SVG document with its own heading. */
  SVG(SvgRenderer::document),
  /** Graphviz's DOT, laid out by Graphviz. */
  DOT(DotRenderer::render);

  private final Function<EnvironmentGraph, String> renderer;

  GraphFormat(Function<EnvironmentGraph, String> renderer) {
    this.renderer = renderer;
  }

  public String render(EnvironmentGraph graph) {
    return renderer.apply(graph);
  }

  /** The name users type: {@code html}, {@code svg}, {@code dot}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The format named {@code name} (any case), if there is one. */
  public static Optional<GraphFormat> named(String name) {
    return Arrays.stream(values()).filter(f -> f.label().equalsIgnoreCase(name)).findFirst();
  }

  /** The format a file's extension asks for ({@code .svg}, {@code .dot}, {@code .gv}); else HTML. */
  public static GraphFormat forFile(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".svg")) {
      return SVG;
    }
    return name.endsWith(".dot") || name.endsWith(".gv") ? DOT : HTML;
  }
}
