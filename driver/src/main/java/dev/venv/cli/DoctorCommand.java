package dev.venv.cli;

import dev.venv.engine.Engine;
import dev.venv.engine.IsolationReport;
import dev.venv.state.Environment;
import dev.venv.state.PhysicalName;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code venv doctor}: whether the database itself keeps clients off venv's objects, or whether
 * that rests on the driver alone. Reads the catalog and the state; changes nothing.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = {"Check whether the database itself keeps clients off venv's objects: on PostgreSQL, that they"
        + " belong to one role (the owner: --user), that the clients' role (--client-role) is not that role, is not"
        + " a member of it and cannot write or create anything of venv's, and that it can read what it should."
        + " Without privileges (DuckDB, or clients connecting as the owner) isolation rests on the driver alone,"
        + " and doctor says so.",
        "Changes nothing. Exit 0 when every check passes, 1 when one fails."})
final class DoctorCommand implements Callable<Integer> {
  @Option(names = "--client-role", paramLabel = "ROLE",
      description = "The role clients connect as: the user of their jdbc:venv URLs (PostgreSQL)")
  String clientRole;

  @Mixin BackendOptions backend;

  @Override
  public Integer call() throws Exception {
    IsolationReport report;
    backend.requireExisting();
    try (Engine engine = backend.engine(); Connection c = engine.open()) {
      report = engine.checkIsolation(c, environmentViews(engine, c), clientRole);
    }
    if (backend.json) {
      Json.print(document(report));
    } else {
      print(report);
    }
    return report.ok() ? 0 : 1;
  }

  /** Every environment's views, from the state as it is (doctor creates no state schema). */
  private static List<PhysicalName> environmentViews(Engine engine, Connection c) throws SQLException {
    List<PhysicalName> views = new ArrayList<>();
    if (engine.stateStore().schemaVersion() == 0) {
      return views;
    }
    for (Environment e : engine.stateStore().environments()) {
      e.snapshots().keySet().forEach(model -> views.add(Environment.view(model, e.name())));
    }
    return views;
  }

  private static Map<String, Object> document(IsolationReport report) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("backend", report.backend());
    doc.put("owner", report.owner());
    doc.put("client_role", report.clientRole());
    doc.put("isolation", report.isolation());
    doc.put("ok", report.ok());
    List<Map<String, Object>> checks = new ArrayList<>();
    for (IsolationReport.Check check : report.checks()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", check.name());
      row.put("ok", check.ok());
      row.put("message", check.message());
      row.put("objects", check.objects());
      checks.add(row);
    }
    doc.put("checks", checks);
    doc.put("notes", report.notes());
    return doc;
  }

  private static void print(IsolationReport report) {
    System.out.println(report.owner() == null ? report.backendName()
        : report.backendName() + ": venv's objects belong to " + report.owner()
        + (report.clientRole() == null ? "" : "; clients connect as " + report.clientRole()));
    for (IsolationReport.Check check : report.checks()) {
      System.out.printf("  %-4s  %s%n", check.ok() ? "ok" : "FAIL", check.message());
      check.objects().stream().limit(20).forEach(o -> System.out.println("          " + o));
      if (check.objects().size() > 20) {
        System.out.println("          … and " + (check.objects().size() - 20) + " more (--json lists all)");
      }
    }
    report.notes().forEach(note -> System.out.println("Note: " + note));
    switch (report.isolation()) {
      case "database" -> System.out.println("Isolation: " + report.backendName() + " itself refuses " + report.clientRole()
          + "'s writes to venv's objects; the driver's refusals come on top of that.");
      case "driver" -> System.out.println(report.owner() == null ? "Isolation rests on the driver alone."
          : "Isolation rests on the driver alone: a session that bypasses its checks"
          + (report.clientRole() == null ? "" : " as " + report.clientRole())
          + " can change venv's objects. See README, \"Team setup on PostgreSQL\".");
      default -> System.out.println("Isolation: not checked for a client role (--client-role).");
    }
  }
}
