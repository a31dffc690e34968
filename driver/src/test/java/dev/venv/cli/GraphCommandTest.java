package dev.venv.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.venv.testing.DuckDbFixture;
import dev.venv.testing.ModelRepositories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code venv graph} on the quickstart's warehouse: prod from examples/shop, dev with its one change. */
class GraphCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern MODEL = Pattern.compile("<g class=\"model ([a-z-]+)\" data-model=\"([a-z_.]+)\"");

  @TempDir Path dir;
  DuckDbFixture db;
  Path prod;
  Path dev;

  @BeforeEach
  void quickstart() {
    db = new DuckDbFixture(dir);
    prod = ModelRepositories.copyShop(dir.resolve("prod"));
    dev = quickstartDev(dir.resolve("dev"));
    assertEquals(0, run("create", "prod", "--models", prod.toString()).exitCode());
  }

  /** examples/shop as examples/quickstart.sh changes it for dev: order_count counts completed orders. */
  static Path quickstartDev(Path dir) {
    Path models = ModelRepositories.copyShop(dir);
    ModelRepositories.edit(models.resolve("marts/customer_orders.sql"), "COUNT(v.order_id)    ",
        "COUNT(CASE WHEN v.order_status = 'completed' THEN v.order_id END)");
    return models;
  }

  @Test
  void devPlannedThenCreatedShowsOneRebuiltTwoReusedAndEightShared() throws Exception {
    java.util.TreeSet<String> objects = db.objects();
    CliRun planned = run("graph", "dev", "--models", dev.toString());
    assertEquals(0, planned.exitCode(), planned.err());
    assertTrue(planned.out().contains("<h1>Creating environment dev from prod (planned: nothing built yet)</h1>"),
        planned.out());
    assertEquals(quickstartStatuses(), statuses(planned.out()));
    assertTrue(planned.out().contains("(to build)"), "the plan says what it would build");
    assertEquals(objects, db.objects(), "graph builds nothing");
    assertTrue(db.environments().list().stream().noneMatch(e -> e.name().equals("dev")), "graph creates nothing");

    assertEquals(0, run("create", "dev", "--models", dev.toString()).exitCode());
    Path html = dir.resolve("dev.html");
    CliRun created = run("graph", "dev", "-o", html.toString());
    assertEquals(0, created.exitCode(), created.err());
    assertEquals("Environment dev compared with prod: 11 models: 1 rebuilt (1 directly changed),"
        + " 10 shared with prod (8 unchanged, 2 reused under a new fingerprint).\nWrote the graph (html) to " + html
        + "\n", created.out());
    String page = Files.readString(html);
    assertEquals(quickstartStatuses(), statuses(page));
    assertTrue(page.contains("marts.customer_orders: directly changed\nkind FULL, version "), "hover: " + page);
    assertTrue(page.contains("prod reads venv__marts.marts__customer_orders__"), "hover names prod's object");
    assertTrue(page.contains("the same physical object as prod"), "a shared model's hover says so");
    String withoutNamespace = page.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    assertFalse(withoutNamespace.contains("://") || withoutNamespace.contains("<script")
        || withoutNamespace.contains("src=") || withoutNamespace.contains("href="),
        "self-contained: no script, nothing fetched (the SVG namespace is a name, not a fetch): " + page);
  }

  /**
   * The quickstart's picture: customer_orders changed (order_count, partial breaking), its two
   * descendants reused (neither reads order_count), eight shared.
   */
  private static List<String> quickstartStatuses() {
    return List.of(
        "marts.country_revenue=reused", "marts.customer_lifetime=reused",
        "marts.customer_orders=directly-changed", "marts.daily_revenue=shared", "marts.product_sales=shared",
        "raw.customers=shared", "raw.orders=shared", "raw.products=shared", "staging.stg_customers=shared",
        "staging.stg_orders=shared", "staging.stg_products=shared");
  }

  /** model=status of each node, by model. */
  static List<String> statuses(String drawing) {
    List<String> found = new ArrayList<>();
    Matcher m = MODEL.matcher(drawing);
    while (m.find()) {
      found.add(m.group(2) + "=" + m.group(1));
    }
    found.sort(null);
    return found;
  }

  @Test
  void svgAndDotFollowTheFileNameOrTheFormat() throws Exception {
    assertEquals(0, run("create", "dev", "--models", dev.toString()).exitCode());
    Path svg = dir.resolve("dev.svg");
    assertEquals(0, run("graph", "dev", "-o", svg.toString()).exitCode());
    String picture = Files.readString(svg);
    assertTrue(picture.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assertEquals(quickstartStatuses(), statuses(picture));
    assertTrue(picture.contains("class=\"heading\">Environment dev compared with prod</text>"), "its own heading");

    CliRun dot = run("graph", "dev", "--format", "DOT");
    assertEquals(0, dot.exitCode(), dot.err());
    assertTrue(dot.out().startsWith("// Environment dev compared with prod\n"), dot.out());
    assertTrue(dot.out().contains("\"marts.customer_orders\" [label=\"marts.customer_orders (FULL)\", fillcolor=\"#fca5a5\""),
        dot.out());
    assertTrue(dot.out().contains("\"staging.stg_orders\" -> \"marts.customer_orders\";"), dot.out());
    assertEquals(1, count(dot.out(), "class=\"rebuilt\"") + count(dot.out(), "class=\"directly-changed\""));
    assertEquals(2, count(dot.out(), "class=\"reused\""));
    assertEquals(8, count(dot.out(), "class=\"shared\""));
  }

  @Test
  void jsonListsEachModelsStatus() throws Exception {
    assertEquals(0, run("create", "dev", "--models", dev.toString()).exitCode());
    Path html = dir.resolve("dev.html");
    CliRun run = run("graph", "dev", "-o", html.toString(), "--json");
    assertEquals(0, run.exitCode(), run.err());
    JsonNode doc = JSON.readTree(run.out());
    assertEquals(1, doc.get("rebuilt").asInt());
    assertEquals(2, doc.get("statuses").get("reused").asInt());
    assertEquals(10, doc.get("shared").asInt(), "reused models read prod's objects too");
    assertEquals(1, doc.get("statuses").get("directly-changed").asInt());
    assertEquals("html", doc.get("format").asText());
    assertEquals(html.toAbsolutePath().toString(), doc.get("output").asText());
    assertTrue(Files.isRegularFile(html));
  }

  @Test
  void prodComparedWithItselfIsAllShared() throws Exception {
    CliRun run = run("graph", "prod", "--format", "svg");
    assertEquals(0, run.exitCode(), run.err());
    assertEquals(11, count(run.out(), "data-status=\"shared\" data-rebuilt=\"false\""));
  }

  @Test
  void aThousandModelsArePlannedAndDrawnInSeconds() throws Exception {
    Path repository = dir.resolve("big");
    java.util.Random random = new java.util.Random(3);
    int tiers = 10;
    int perTier = 100;
    for (int tier = 0; tier < tiers; tier++) {
      for (int m = 0; m < perTier; m++) {
        StringBuilder query = new StringBuilder(tier == 0 ? "SELECT " + m + " AS id" : "");
        for (int p = 0; tier > 0 && p < 1 + random.nextInt(3); p++) {
          int parentTier = Math.max(0, tier - 1 - random.nextInt(3));
          query.append(p == 0 ? "" : " UNION ALL ").append("SELECT id FROM t").append(parentTier).append(".m")
              .append(random.nextInt(perTier));
        }
        ModelRepositories.write(repository.resolve("t" + tier + "/m" + m + ".sql"),
            "MODEL (name t" + tier + ".m" + m + ", kind VIEW);\n" + query + "\n");
      }
    }
    Path svg = dir.resolve("big.svg");
    long start = System.nanoTime();
    CliRun run = run("graph", "qa", "--models", repository.toString(), "-o", svg.toString());
    long seconds = (System.nanoTime() - start) / 1_000_000_000;
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(seconds < 30, "planned and drawn in " + seconds + " s");
    String picture = Files.readString(svg);
    assertEquals(1_000, count(picture, "<g class=\"model added\""), "qa from a prod that has none of them");
    assertTrue(picture.length() < 3_000_000, picture.length() + " characters");
  }

  /** -o as a shell redirect treats it: a link is followed, a pipe or device is written into, not replaced. */
  @Test
  void aLinkIsFollowedAndAPipeIsWrittenInto() throws Exception {
    Path target = dir.resolve("target.html");
    Path link = Files.createSymbolicLink(dir.resolve("link.html"), target.getFileName());
    assertEquals(0, run("graph", "dev", "--models", dev.toString(), "-o", link.toString()).exitCode());
    assertTrue(Files.isSymbolicLink(link), "the link stays a link");
    assertTrue(Files.readString(target).contains("<svg"), "the file it names holds the drawing");

    Path pipe = dir.resolve("pipe.html");
    assertEquals(0, new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor());
    java.util.concurrent.CompletableFuture<String> reader = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return Files.readString(pipe);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    assertEquals(0, run("graph", "dev", "--models", dev.toString(), "-o", pipe.toString()).exitCode());
    assertTrue(reader.get(30, java.util.concurrent.TimeUnit.SECONDS).contains("<svg"), "the reader got the drawing");
    assertTrue(Files.isRegularFile(pipe) == false && Files.exists(pipe), "the pipe stays a pipe");
  }

  @Test
  void badInputIsRefusedAndWritesNothing() throws Exception {
    Path html = dir.resolve("out.html");
    CliRun missing = run("graph", "qa", "-o", html.toString());
    assertEquals(1, missing.exitCode());
    assertTrue(missing.err().contains("Environment 'qa' does not exist: give --models DIR") 
        && missing.err().contains("[SQLState 42704]"), missing.err());

    CliRun source = run("graph", "prod", "--from", "qa", "-o", html.toString());
    assertEquals(1, source.exitCode());
    assertTrue(source.err().contains("Source environment 'qa' does not exist") && source.err().contains("42704"),
        source.err());

    CliRun format = run("graph", "prod", "--format", "png", "-o", html.toString());
    assertEquals(2, format.exitCode());
    assertTrue(format.err().contains("Unknown format 'png': html, svg or dot"), format.err());

    CliRun name = run("graph", "Dev__x", "-o", html.toString());
    assertEquals(2, name.exitCode(), name.err());

    Path notAFolder = dir.resolve("file.txt");
    Files.writeString(notAFolder, "x");
    CliRun unwritable = run("graph", "prod", "-o", notAFolder.resolve("out.html").toString());
    assertEquals(1, unwritable.exitCode());
    assertTrue(unwritable.err().contains("Cannot write the graph to") && unwritable.err().contains("[SQLState 58030]"),
        unwritable.err());
    CliRun directory = run("graph", "prod", "-o", dir.toString());
    assertEquals(1, directory.exitCode());
    assertTrue(directory.err().contains("it is a directory"), directory.err());

    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(), files.map(p -> p.getFileName().toString())
          .filter(f -> f.startsWith("out") || f.endsWith(".partial")).toList(), "nothing written");
    }
  }

  @Test
  void helpListsTheCommandAndItsOptions() {
    CliRun help = CliRun.of("graph", "--help");
    assertEquals(0, help.exitCode());
    for (String option : List.of("--from", "--format", "-o, --output", "--models", "--url", "--json")) {
      assertTrue(help.out().contains(option), option + " in:\n" + help.out());
    }
    assertTrue(CliRun.of("--help").out().contains("graph"), "venv --help lists graph");
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  private CliRun run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--url", db.url()));
    return CliRun.of(all.toArray(String[]::new));
  }
}
