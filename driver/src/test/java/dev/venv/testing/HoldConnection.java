package dev.venv.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Another process on a warehouse: connects to the venv URL in {@code args[0]}, reads
 * {@code args[1]} to show it works, says {@code open} on stdout, and holds the connection until
 * its stdin closes. What a BI server or a notebook does to a DuckDB file.
 */
public final class HoldConnection {
  private HoldConnection() {}

  public static void main(String[] args) throws Exception {
    try (Connection c = DriverManager.getConnection(args[0]);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(args[1])) {
      rs.next();
      System.out.println("open " + rs.getString(1));
      System.out.flush();
      while (System.in.read() >= 0) {
        // held until the test lets go
      }
    }
  }

  /** Starts one in a new JVM on this one's class path, and waits until it holds the connection. */
  public static Process start(String url, String query) throws Exception {
    Process child = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), HoldConnection.class.getName(), url, query)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    String line = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream(),
        java.nio.charset.StandardCharsets.UTF_8)).readLine();
    if (line == null || !line.startsWith("open ")) {
      child.destroyForcibly();
      throw new AssertionError("The other process did not connect to " + url + " (exit " + child.waitFor() + ")");
    }
    return child;
  }

  /** Lets the process go, and waits for it to end. */
  public static void stop(Process child) throws Exception {
    child.getOutputStream().close();
    if (!child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
      child.destroyForcibly();
    }
  }
}
