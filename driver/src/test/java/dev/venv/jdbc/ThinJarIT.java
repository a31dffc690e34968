package dev.venv.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.testing.JavaProcess;
import dev.venv.testing.ModelRepositories;
import dev.venv.testing.PostgresTestDatabase;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The thin jar, for an application that brings its own backend drivers: venv and its relocated
 * libraries without DuckDB's or PostgreSQL's drivers, working beside either one alone.
 */
class ThinJarIT {
  @TempDir Path dir;
  final Path thinJar = Path.of(System.getProperty("venv.thin.jar"));

  @Test
  void holdsVenvAndItsRelocatedLibrariesButNoBackendDriver() throws Exception {
    try (JarFile jar = new JarFile(thinJar.toFile())) {
      assertTrue(jar.getEntry("dev/venv/jdbc/VenvDriver.class") != null);
      assertTrue(jar.getEntry("dev/venv/shaded/caffeine/cache/Caffeine.class") != null, "relocated as in the fat jar");
      assertTrue(jar.stream().noneMatch(e -> e.getName().startsWith("org/duckdb/") || e.getName().startsWith("org/postgresql/")
          || e.getName().startsWith("io/trino/")
          || e.getName().startsWith("libduckdb")), "no backend driver");
      assertEquals(List.of(), foreignClasses(jar, List.of()), "every library in it relocated under dev/venv/");
      String services = new String(jar.getInputStream(jar.getEntry("META-INF/services/java.sql.Driver")).readAllBytes(),
          StandardCharsets.UTF_8);
      assertEquals("dev.venv.jdbc.VenvDriver", services.strip());
    }
  }

  /** The fat jar: its libraries relocated as the thin one's, and the backend drivers as they are. */
  @Test
  void theFatJarHoldsTheBackendDriversAndNoOtherLibraryUnrelocated() throws Exception {
    try (JarFile jar = new JarFile(thinJar.resolveSibling("venv-jdbc.jar").toFile())) {
      assertEquals(List.of(), foreignClasses(jar, List.of("org/duckdb/", "org/postgresql/", "io/trino/")));
    }
  }

  /** Classes outside dev/venv/ and {@code allowed}: a library a host's own copy could clash with. */
  private static List<String> foreignClasses(JarFile jar, List<String> allowed) {
    return jar.stream().map(java.util.zip.ZipEntry::getName)
        .filter(name -> name.endsWith(".class") && !name.startsWith("META-INF/") && !name.startsWith("dev/venv/")
            && allowed.stream().noneMatch(name::startsWith))
        .limit(5).toList();
  }

  @Test
  void worksBesideDuckDbsDriverAlone() throws Exception {
    Path models = ModelRepositories.copyShop(dir.resolve("repo"));
    JavaProcess create = JavaProcess.run(dir, List.of("-cp", thinJar + File.pathSeparator + onClassPath("duckdb_jdbc"),
        "dev.venv.cli.VenvCli", "create", "prod", "--url", "jdbc:duckdb:" + dir.resolve("w.db"), "--models",
        models.toString()), null);
    assertEquals(0, create.code(), create.output());
  }

  @Test
  void worksBesidePostgresqlsDriverAlone() throws Exception {
    String url = PostgresTestDatabase.freshDatabaseUrl();
    JavaProcess list = JavaProcess.run(dir, List.of("-cp", thinJar + File.pathSeparator + onClassPath("postgresql"),
        "dev.venv.cli.VenvCli", "list", "--url", url, "--user", PostgresTestDatabase.USER, "--password",
        PostgresTestDatabase.PASSWORD), null);
    assertEquals(0, list.code(), list.output());
  }

  /** The jar of an artifact on this test's class path (Maven's repository), e.g. {@code duckdb_jdbc}. */
  private static String onClassPath(String artifact) {
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (Path.of(entry).getFileName().toString().startsWith(artifact + "-")) {
        return entry;
      }
    }
    throw new AssertionError(artifact + " is not on the test class path");
  }
}
