package dev.venv.graph;

import dev.venv.graph.EnvironmentGraph.Model;
import dev.venv.graph.LayeredLayout.Box;
import dev.venv.graph.LayeredLayout.Drawing;
import dev.venv.graph.LayeredLayout.Point;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The graph as SVG: a legend with the count of each status, then the models laid out left to right
 * (parents first), each a box coloured by its status with its kind, version and physical object in
 * an SVG {@code <title>}, which browsers show on hover. Text is monospace, so widths can be
 * reckoned here without font metrics.
 */
final class SvgRenderer {
  private static final double MARGIN = 16;
  /** A 12px monospace character: DejaVu Sans Mono and its kin are 0.6em wide; a little slack. */
  private static final double CHAR_WIDTH = 7.4;
  private static final double SMALL_CHAR_WIDTH = 6.2;
  private static final double NODE_HEIGHT = 26;
  private static final double PADDING = 9;
  private static final double LEGEND_ROW = 22;
  private static final double SWATCH = 14;
  private static final String FONT = "ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace";

  private final EnvironmentGraph graph;
  private final StringBuilder out = new StringBuilder();

  private SvgRenderer(EnvironmentGraph graph) {
    this.graph = graph;
  }

  /** A standalone SVG document, its heading and summary written in it. */
  static String document(EnvironmentGraph graph) {
    return new SvgRenderer(graph).render(true);
  }

  /** An {@code <svg>} element to put inside HTML, which has its own heading. */
  static String element(EnvironmentGraph graph) {
    return new SvgRenderer(graph).render(false);
  }

  private String render(boolean standalone) {
    List<Model> models = graph.models();
    int[][] edges = edges(models);
    Drawing drawing = layout(models, edges);
    double headingHeight = standalone ? 2 * LEGEND_ROW : 0;
    double legendHeight = 2 * LEGEND_ROW + (graph.removed().isEmpty() ? 0 : LEGEND_ROW);
    double graphTop = MARGIN + headingHeight + legendHeight + 8;
    double width = Math.max(drawing.width(), legendWidth()) + 2 * MARGIN;
    if (standalone) {
      width = Math.max(width, Math.max(graph.heading().length(), graph.summary().length()) * CHAR_WIDTH + 2 * MARGIN);
    }
    double height = graphTop + drawing.height() + MARGIN;

    if (standalone) {
      out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    }
    out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"venv-graph\" width=\"").append(n(width))
        .append("\" height=\"").append(n(height)).append("\" viewBox=\"0 0 ").append(n(width)).append(' ')
        .append(n(height)).append("\" data-environment=\"").append(Markup.escape(graph.environment())).append("\">\n");
    out.append("<title>").append(Markup.escape(graph.heading() + ": " + graph.summary())).append("</title>\n");
    style();
    out.append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\""
        + " markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#6b7280\"/>"
        + "</marker></defs>\n");
    out.append("<rect class=\"background\" width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    double y = MARGIN;
    if (standalone) {
      text(MARGIN, y + 14, "heading", graph.heading());
      text(MARGIN, y + 14 + LEGEND_ROW, "summary", graph.summary());
      y += headingHeight;
    }
    legend(y);
    edges(models, edges, drawing, graphTop);
    nodes(models, drawing, graphTop);
    out.append("</svg>\n");
    return out.toString();
  }

  private static Drawing layout(List<Model> models, int[][] edges) {
    double[] widths = new double[models.size()];
    for (int i = 0; i < models.size(); i++) {
      widths[i] = nodeWidth(models.get(i));
    }
    return LayeredLayout.draw(widths, NODE_HEIGHT, edges);
  }

  /** Parent → child, by index into {@code models}. */
  private static int[][] edges(List<Model> models) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < models.size(); i++) {
      index.put(models.get(i).name(), i);
    }
    List<int[]> edges = new ArrayList<>();
    for (int i = 0; i < models.size(); i++) {
      for (String parent : models.get(i).parents()) {
        edges.add(new int[] {index.get(parent), i}); // a snapshot's parents are models of its environment
      }
    }
    return edges.toArray(new int[0][]);
  }

  private static double nodeWidth(Model m) {
    return PADDING + m.name().length() * CHAR_WIDTH + 8 + m.kind().length() * SMALL_CHAR_WIDTH + PADDING;
  }

  private void style() {
    out.append("<style>\n")
        .append("text { font-family: ").append(FONT).append("; font-size: 12px; fill: #111827; }\n")
        .append(".heading { font-size: 14px; font-weight: bold; }\n")
        .append(".kind { font-size: 10px; fill: #4b5563; }\n")
        .append(".group { font-weight: bold; }\n")
        .append(".model rect { stroke-width: 1.3; }\n")
        .append(".model.directly-changed rect { stroke-width: 2.6; }\n")
        .append(".model:hover rect { stroke-width: 3.2; }\n")
        .append(".edge { fill: none; stroke: #9ca3af; stroke-width: 1.2; }\n")
        .append(".edge.propagates { stroke: #c2410c; stroke-width: 1.6; }\n");
    for (ModelStatus status : ModelStatus.values()) {
      out.append('.').append(status.cssClass).append(" rect { fill: ").append(status.fill).append("; stroke: ")
          .append(status.stroke).append("; }\n");
    }
    out.append("</style>\n");
  }

  /** Two rows: the statuses with their own physical objects, then those that share the source's. */
  private void legend(double top) {
    out.append("<g class=\"legend\">\n");
    legendRow(top, true, "rebuilt " + graph.rebuilt() + ":");
    legendRow(top + LEGEND_ROW, false, "shared with " + graph.sourceName() + " " + graph.shared() + ":");
    if (!graph.removed().isEmpty()) {
      text(MARGIN, top + 2 * LEGEND_ROW + 14, "removed",
          "removed from " + graph.sourceName() + " " + graph.removed().size() + ": " + String.join(", ", graph.removed()));
    }
    out.append("</g>\n");
  }

  private void legendRow(double top, boolean rebuilt, String heading) {
    text(MARGIN, top + 13, "group", heading);
    double x = MARGIN + heading.length() * CHAR_WIDTH + 10;
    for (ModelStatus status : graph.legend()) {
      if (status.rebuilt() != rebuilt) {
        continue;
      }
      String label = status.label + " (" + graph.count(status) + ")";
      out.append("<g class=\"entry ").append(status.cssClass).append("\" data-status=\"").append(status.cssClass)
          .append("\" data-count=\"").append(graph.count(status)).append("\"><rect x=\"").append(n(x))
          .append("\" y=\"").append(n(top + 2)).append("\" width=\"").append(n(SWATCH)).append("\" height=\"")
          .append(n(SWATCH)).append("\" rx=\"3\"/>");
      text(x + SWATCH + 6, top + 13, null, label);
      out.append("</g>\n");
      x += SWATCH + 6 + label.length() * CHAR_WIDTH + 18;
    }
  }

  private double legendWidth() {
    double widest = 0;
    for (boolean rebuilt : new boolean[] {true, false}) {
      double x = ("shared with " + graph.sourceName() + " 0000:").length() * CHAR_WIDTH + 10;
      for (ModelStatus status : graph.legend()) {
        if (status.rebuilt() == rebuilt) {
          x += SWATCH + 6 + (status.label.length() + 7) * CHAR_WIDTH + 18;
        }
      }
      widest = Math.max(widest, x);
    }
    return widest;
  }

  private void edges(List<Model> models, int[][] edges, Drawing drawing, double top) {
    out.append("<g class=\"edges\" transform=\"translate(").append(n(MARGIN)).append(',').append(n(top)).append(")\">\n");
    for (int e = 0; e < edges.length; e++) {
      Model parent = models.get(edges[e][0]);
      Model child = models.get(edges[e][1]);
      // from a model with its own object into one rebuilt for it: the change travelling down
      boolean propagates = parent.status().rebuilt() && child.status().rebuilt();
      out.append("<path class=\"edge").append(propagates ? " propagates" : "").append("\" data-from=\"")
          .append(Markup.escape(parent.name())).append("\" data-to=\"").append(Markup.escape(child.name()))
          .append("\" d=\"").append(path(drawing.edges().get(e))).append("\" marker-end=\"url(#arrow)\"/>\n");
    }
    out.append("</g>\n");
  }

  /** Curves between layers, straight through a layer an edge only passes. */
  private static String path(List<Point> route) {
    StringBuilder d = new StringBuilder();
    Point p = route.get(0);
    d.append('M').append(n(p.x())).append(',').append(n(p.y()));
    for (int i = 1; i < route.size(); i++) {
      Point q = route.get(i);
      if (i % 2 == 1) {
        double mid = (p.x() + q.x()) / 2;
        d.append(" C").append(n(mid)).append(',').append(n(p.y())).append(' ').append(n(mid)).append(',')
            .append(n(q.y())).append(' ').append(n(q.x())).append(',').append(n(q.y()));
      } else {
        d.append(" L").append(n(q.x())).append(',').append(n(q.y()));
      }
      p = q;
    }
    return d.toString();
  }

  private void nodes(List<Model> models, Drawing drawing, double top) {
    out.append("<g class=\"models\" transform=\"translate(").append(n(MARGIN)).append(',').append(n(top)).append(")\">\n");
    for (int i = 0; i < models.size(); i++) {
      Model m = models.get(i);
      Box box = drawing.nodes().get(i);
      ModelStatus status = m.status();
      out.append("<g class=\"model ").append(status.cssClass).append("\" data-model=\"").append(Markup.escape(m.name()))
          .append("\" data-status=\"").append(status.cssClass).append("\" data-rebuilt=\"").append(status.rebuilt())
          .append("\" data-kind=\"").append(Markup.escape(m.kind())).append("\" data-version=\"")
          .append(Markup.escape(m.version())).append("\" data-physical=\"")
          .append(Markup.escape(m.physical().toString())).append("\">");
      out.append("<title>").append(Markup.escape(graph.hover(m))).append("</title>");
      out.append("<rect x=\"").append(n(box.x())).append("\" y=\"").append(n(box.y())).append("\" width=\"")
          .append(n(box.width())).append("\" height=\"").append(n(box.height())).append("\" rx=\"5\"/>");
      double baseline = box.y() + box.height() / 2 + 4;
      text(box.x() + PADDING, baseline, "name", m.name());
      text(box.x() + box.width() - PADDING - m.kind().length() * SMALL_CHAR_WIDTH, baseline, "kind", m.kind());
      out.append("</g>\n");
    }
    out.append("</g>\n");
  }

  private void text(double x, double y, String cssClass, String text) {
    out.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append('"');
    if (cssClass != null) {
      out.append(" class=\"").append(cssClass).append('"');
    }
    out.append('>').append(Markup.escape(text)).append("</text>");
  }

  /** A coordinate: one decimal is finer than a pixel and keeps a thousand-model file small. */
  private static String n(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }
}
