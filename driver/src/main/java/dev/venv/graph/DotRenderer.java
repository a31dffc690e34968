package dev.venv.graph;

import dev.venv.graph.EnvironmentGraph.Model;

/**
 * The graph in Graphviz's DOT, for those who lay it out with {@code dot}: the same colours, the
 * hover text as each node's tooltip (SVG output shows it), and the legend as a cluster.
 */
final class DotRenderer {
  private DotRenderer() {}

  static String render(EnvironmentGraph graph) {
    StringBuilder out = new StringBuilder();
    out.append("// ").append(graph.heading()).append('\n');
    out.append("// ").append(graph.summary()).append('\n');
    out.append("digraph ").append(quote(graph.environment())).append(" {\n");
    out.append("  rankdir=LR;\n");
    out.append("  label=").append(quote(graph.heading() + "\\n" + graph.summary())).append("; labelloc=t;\n");
    out.append("  node [shape=box, style=\"rounded,filled\", fontname=\"monospace\", fontsize=11];\n");
    out.append("  edge [color=\"#9ca3af\"];\n");
    for (Model m : graph.models()) {
      ModelStatus s = m.status();
      out.append("  ").append(quote(m.name())).append(" [label=").append(quote(m.name() + " (" + m.kind() + ")"))
          .append(", fillcolor=").append(quote(s.fill)).append(", color=").append(quote(s.stroke))
          .append(s == ModelStatus.DIRECTLY_CHANGED ? ", penwidth=2.5" : "")
          .append(", class=").append(quote(s.cssClass))
          .append(", tooltip=").append(quote(graph.hover(m))).append("];\n");
    }
    for (Model m : graph.models()) {
      for (String parent : m.parents()) {
        out.append("  ").append(quote(parent)).append(" -> ").append(quote(m.name())).append(";\n");
      }
    }
    out.append("  subgraph cluster_legend {\n");
    out.append("    label=\"legend\"; style=dashed; color=\"#9ca3af\";\n");
    for (ModelStatus s : graph.legend()) {
      out.append("    ").append(quote("legend: " + s.cssClass)).append(" [label=")
          .append(quote(s.label + ": " + graph.count(s))).append(", fillcolor=").append(quote(s.fill))
          .append(", color=").append(quote(s.stroke)).append("];\n");
    }
    out.append("  }\n");
    out.append("}\n");
    return out.toString();
  }

  /** A DOT string: backslash and quote escaped, a line break as DOT's own {@code \n}. */
  private static String quote(String text) {
    return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
  }
}
