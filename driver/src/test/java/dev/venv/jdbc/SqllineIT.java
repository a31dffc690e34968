package dev.venv.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.testing.JavaProcess;
import dev.venv.testing.ModelRepositories;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sqlline with nothing but venv-jdbc.jar beside it: the driver registers itself, creates dev on
 * first connect, lists the logical models and reads dev's rows. Runs against the packaged jar.
 */
class SqllineIT {
  @TempDir Path dir;

  @Test
  void sqllineListsModelsAndReadsDev() throws Exception {
    Path venvJar = Path.of(System.getProperty("venv.jar"));
    Path sqllineJar = Path.of(System.getProperty("sqlline.jar"));
    assertTrue(Files.isRegularFile(venvJar), venvJar + " is built by the package phase");
    Path prod = ModelRepositories.copyShop(dir.resolve("prod"));
    Path dev = ModelRepositories.copyShop(dir.resolve("dev"));
    ModelRepositories.edit(dev.resolve("marts/customer_orders.sql"), "COUNT(v.order_id)  ", "COUNT(v.order_id) + 1000");
    Path db = dir.resolve("warehouse.db");

    JavaProcess create = run(List.of("-jar", venvJar.toString(), "create", "prod", "--url", "jdbc:duckdb:" + db,
        "--models", prod.toString()), null);
    assertEquals(0, create.code(), create.output());

    Path script = dir.resolve("script.sql");
    Files.writeString(script, String.join("\n",
        "!tables",
        "SELECT customer_id, order_count FROM marts.customer_orders WHERE customer_id = 1;",
        "!quit", ""));
    String url = "jdbc:venv:dev:duckdb:" + db + "?models=" + dev;
    JavaProcess sqlline = run(List.of("-cp", sqllineJar + File.pathSeparator + venvJar, "sqlline.SqlLine",
        "-u", url, "-n", "", "-p", "", "--outputformat=csv", "-f", script.toString()), null);

    String out = sqlline.output();
    assertEquals(0, sqlline.code(), out);
    for (String model : List.of("'marts','customer_orders','TABLE'", "'staging','stg_orders','VIEW'",
        "'raw','customers','TABLE'")) {
      assertTrue(out.contains(model), "!tables lists " + model + ":\n" + out);
    }
    String tables = out.substring(out.indexOf("!tables"), out.indexOf("SELECT customer_id"));
    assertFalse(tables.contains("venv__"), "physical schemas stay hidden:\n" + tables);
    assertFalse(tables.contains("venv_state"), tables);
    assertFalse(tables.contains("__dev"), "dev's view schemas appear under their logical names:\n" + tables);
    assertTrue(out.contains("'1','1004'"), "dev's row (prod's is 4):\n" + out);
  }

  private JavaProcess run(List<String> args, Path stdin) throws Exception {
    return JavaProcess.run(dir, args, stdin);
  }
}
