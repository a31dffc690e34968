package dev.venv.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.testing.ModelRepositories;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A creation on connect happens inside a host application: its progress goes to the driver's
 * logger ({@code getParentLogger}, as PgJDBC's), and to stderr only with {@code progress=stderr}.
 */
class BuildProgressLogTest {
  @TempDir Path dir;
  String url;
  final List<LogRecord> logged = new CopyOnWriteArrayList<>();
  final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
  Logger driverLogger;
  Level levelBefore;
  PrintStream stderrBefore;
  final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      logged.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void listen() throws Exception {
    url = "jdbc:venv:prod:duckdb:" + dir.resolve("warehouse.db") + "?models="
        + ModelRepositories.copyShop(dir.resolve("repo"));
    driverLogger = DriverManager.getDriver(url).getParentLogger();
    levelBefore = driverLogger.getLevel();
    driverLogger.setLevel(Level.FINER);
    driverLogger.addHandler(handler);
    stderrBefore = System.err;
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stopListening() {
    System.setErr(stderrBefore);
    driverLogger.removeHandler(handler);
    driverLogger.setLevel(levelBefore);
  }

  @Test
  void aCreationOnConnectIsLoggedUnderTheDriversLoggerAndNotPrinted() throws Exception {
    DriverManager.getConnection(url).close();
    assertEquals("dev.venv", driverLogger.getName());
    // below INFO: the JDK's default logging prints INFO on the console, and a host application's
    // stderr is not venv's to fill unasked (PgJDBC logs below INFO too)
    assertEquals(List.of(), messages(Level.INFO));
    List<String> fine = messages(Level.FINE);
    assertEquals(List.of("environment prod: building 11 physical objects", "environment prod: built 11 physical objects"),
        fine);
    List<String> finer = messages(Level.FINER);
    assertEquals(11, finer.size(), finer.toString());
    assertTrue(finer.get(0).startsWith("[1/11] "), finer.get(0));
    assertEquals("", stderr.toString(StandardCharsets.UTF_8), "nothing on the host's stderr");
  }

  @Test
  void progressStderrPrintsItAsTheCliDoes() throws Exception {
    DriverManager.getConnection(url + "&progress=stderr").close();
    String printed = stderr.toString(StandardCharsets.UTF_8);
    assertTrue(printed.startsWith("venv: environment prod: building 11 physical objects\nvenv:   [1/11] "), printed);
    assertEquals(List.of(), messages(Level.FINE), "printed instead of logged");
  }

  @Test
  void progressTakesLogOrStderr() {
    SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url + "&progress=loud"));
    assertEquals("22023", e.getSQLState());
    assertFalse(dir.resolve("warehouse.db").toFile().exists(), e.getMessage());
  }

  private List<String> messages(Level level) {
    return logged.stream().filter(r -> r.getLevel().equals(level)).map(LogRecord::getMessage).toList();
  }
}
