package dev.venv.graph;

/**
 * The graph as one self-contained HTML page: the SVG inline, its style inline, no script, and a
 * Content-Security-Policy that lets the page load nothing at all, so it opens the same from a
 * file, a mail attachment or a CI artifact, offline.
 */
final class HtmlRenderer {
  private HtmlRenderer() {}

  static String render(EnvironmentGraph graph) {
    return "<!DOCTYPE html>\n"
        + "<html lang=\"en\">\n"
        + "<head>\n"
        + "<meta charset=\"utf-8\">\n"
        + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<title>" + Markup.escape("venv graph: " + graph.heading()) + "</title>\n"
        + "<style>\n"
        + "body { margin: 0; padding: 16px; font: 14px system-ui, sans-serif; color: #111827; background: #ffffff; }\n"
        + "h1 { font-size: 18px; margin: 0 0 6px; }\n"
        + "p { margin: 0 0 6px; }\n"
        + ".hint { color: #4b5563; font-size: 13px; }\n"
        + ".graph { overflow: auto; }\n"
        + "</style>\n"
        + "</head>\n"
        + "<body>\n"
        + "<h1>" + Markup.escape(graph.heading()) + "</h1>\n"
        + "<p class=\"summary\">" + Markup.escape(graph.summary()) + "</p>\n"
        + "<p class=\"hint\">Parents on the left. Hover a model for its kind, version and physical object.</p>\n"
        + "<div class=\"graph\">\n" + SvgRenderer.element(graph) + "</div>\n"
        + "</body>\n"
        + "</html>\n";
  }
}
