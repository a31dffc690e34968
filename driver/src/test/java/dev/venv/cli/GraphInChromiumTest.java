package dev.venv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.venv.testing.Chromium;
import dev.venv.testing.DuckDbFixture;
import dev.venv.testing.ModelRepositories;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quickstart's picture of dev as a browser shows it: headless Chromium loads the page as
 * {@code venv graph} wrote it, and the test reads the rendered DOM and a screenshot, not the file.
 */
class GraphInChromiumTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * Measures the page once it has rendered, into a {@code <pre id="probe">} that {@code --dump-dom}
   * then shows. The page itself has no script; only this test's copy of it does.
   */
  private static final String PROBE = """
      <script>
      const models = [...document.querySelectorAll('svg g.model')].map(g => {
        const r = g.querySelector('rect').getBoundingClientRect();
        return {model: g.dataset.model, status: g.dataset.status, rebuilt: g.dataset.rebuilt,
                x: r.x, y: r.y, width: r.width, height: r.height,
                fill: getComputedStyle(g.querySelector('rect')).fill,
                hover: g.querySelector(':scope > title').textContent};
      });
      let overlaps = 0;
      for (const a of models) for (const b of models)
        if (a !== b && a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) overlaps++;
      const svg = document.querySelector('svg').getBoundingClientRect();
      const legend = [...document.querySelectorAll('svg .legend .entry')].map(e => e.textContent);
      const probe = document.createElement('pre');
      probe.id = 'probe';
      probe.textContent = JSON.stringify({models, overlaps, svgWidth: svg.width, svgHeight: svg.height, legend,
        edges: document.querySelectorAll('svg path.edge').length,
        resources: performance.getEntriesByType('resource').length});
      document.body.appendChild(probe);
      </script>
      """;

  @TempDir Path dir;
  Path page;

  @BeforeEach
  void quickstartGraph() {
    DuckDbFixture db = new DuckDbFixture(dir);
    Path prod = ModelRepositories.copyShop(dir.resolve("prod"));
    Path dev = GraphCommandTest.quickstartDev(dir.resolve("dev"));
    page = dir.resolve("dev.html");
    for (List<String> command : List.of(List.of("create", "prod", "--models", prod.toString()),
        List.of("create", "dev", "--models", dev.toString()), List.of("graph", "dev", "-o", page.toString()))) {
      List<String> args = new java.util.ArrayList<>(command);
      args.addAll(List.of("--url", db.url()));
      CliRun run = CliRun.of(args.toArray(String[]::new));
      assertEquals(0, run.exitCode(), command + ": " + run.err());
    }
  }

  @Test
  void theRenderedDomShowsOneRebuiltTwoReusedAndEightSharedModels() throws Exception {
    Chromium chromium = Chromium.require();
    String dom = chromium.dumpDom(page);
    assertEquals(11, GraphCommandTest.statuses(dom).size(), dom);
    assertEquals(1, GraphCommandTest.statuses(dom).stream().filter(s -> s.endsWith("=rebuilt")
        || s.endsWith("=directly-changed")).count(), dom);
    assertEquals(2, GraphCommandTest.statuses(dom).stream().filter(s -> s.endsWith("=reused")).count(), dom);
    assertEquals(8, GraphCommandTest.statuses(dom).stream().filter(s -> s.endsWith("=shared")).count(), dom);

    Path probed = dir.resolve("probed.html");
    Files.writeString(probed, Files.readString(page)
        .replace("default-src 'none'; style-src 'unsafe-inline'",
            "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'")
        .replace("</body>", PROBE + "</body>"));
    String probedDom = chromium.dumpDom(probed);
    int start = probedDom.indexOf("<pre id=\"probe\">");
    assertTrue(start >= 0, "the probe ran: " + probedDom);
    JsonNode probe = JSON.readTree(probedDom.substring(start + "<pre id=\"probe\">".length(),
        probedDom.indexOf("</pre>", start)).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"));

    assertEquals(11, probe.get("models").size());
    int rebuilt = 0;
    for (JsonNode m : probe.get("models")) {
      String name = m.get("model").asText();
      assertTrue(m.get("width").asDouble() > 100 && m.get("height").asDouble() > 15, name + " is drawn: " + m);
      assertTrue(m.get("x").asDouble() >= 0 && m.get("x").asDouble() + m.get("width").asDouble() <= probe.get("svgWidth").asDouble() + 20,
          name + " inside the picture: " + m);
      String hover = m.get("hover").asText();
      assertTrue(hover.startsWith(name + ": ") && hover.contains("kind ") && hover.contains("version ")
          && hover.contains("physical venv__"), "hover of " + name + ": " + hover);
      if (m.get("rebuilt").asBoolean()) {
        rebuilt++;
      }
      String expectedFill = switch (m.get("status").asText()) {
        case "directly-changed" -> "rgb(252, 165, 165)";
        case "rebuilt" -> "rgb(254, 215, 170)";
        case "reused" -> "rgb(204, 251, 241)";
        default -> "rgb(229, 231, 235)";
      };
      assertEquals(expectedFill, m.get("fill").asText(), name + "'s colour says its status");
    }
    assertEquals(1, rebuilt);
    assertEquals(0, probe.get("overlaps").asInt(), "no model covers another");
    assertEquals(13, probe.get("edges").asInt(), "one arrow per model a model reads");
    assertEquals(0, probe.get("resources").asInt(), "the page loads nothing");
    assertEquals(List.of("directly changed (1)", "upstream changed (0)", "unchanged (8)", "metadata-only change (0)",
            "reused under a new fingerprint (2)"),
        List.of(JSON.convertValue(probe.get("legend"), String[].class)));
  }

  @Test
  void theScreenshotShowsTheColouredModels() throws Exception {
    Chromium chromium = Chromium.require();
    Path png = dir.resolve("dev.png");
    chromium.screenshot(page, png, 1400, 600);
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(1400, image.getWidth());
    int changed = 0;
    int downstream = 0;
    int shared = 0;
    int ink = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y) & 0xffffff;
        changed += rgb == 0xfca5a5 ? 1 : 0;
        downstream += rgb == 0xccfbf1 ? 1 : 0;
        shared += rgb == 0xe5e7eb ? 1 : 0;
        ink += rgb != 0xffffff ? 1 : 0;
      }
    }
    // a box is about 200 × 24 pixels of fill; the legend's swatches add a little of each
    assertTrue(changed > 2_000, "the directly changed model is painted: " + changed + " px");
    assertTrue(downstream > 2 * 2_000, "the two reused models are painted: " + downstream + " px");
    assertTrue(shared > 8 * 2_000, "the eight shared models are painted: " + shared + " px");
    assertTrue(ink > image.getWidth() * image.getHeight() / 20, "not blank: " + ink + " px of ink");
  }
}
