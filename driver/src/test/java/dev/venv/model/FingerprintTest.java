package dev.venv.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.venv.testing.ModelRepositories;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FingerprintTest {
  @TempDir Path dir;
  Path models;
  Map<String, ModelFingerprint> before;

  @BeforeEach
  void shop() throws Exception {
    models = ModelRepositories.copyShop(dir);
    before = ModelRepository.load(models).fingerprints();
  }

  @Test
  void versionIsTheFirst16HexCharsOfTheDataFingerprint() {
    ModelFingerprint f = before.get("marts.customer_orders");
    assertEquals(64, f.fingerprint().length());
    assertEquals(f.data().substring(0, 16), f.version());
    assertEquals(true, f.version().matches("[0-9a-f]{16}"));
  }

  @Test
  void reformattingChangesNothing() throws Exception {
    Path file = models.resolve("marts/customer_orders.sql");
    String text = ModelRepositories.read(file);
    String reformatted = text
        .replace("SELECT\n  c.customer_id,", "select /* the key */ C.Customer_Id,")
        .replace("GROUP BY", "-- grouped\ngroup   by")
        .replace("FROM staging.stg_customers AS c", "from\n\tSTAGING.Stg_Customers as c")
        .replace("LEFT JOIN", "left join");
    assertNotEquals(text, reformatted);
    ModelRepositories.write(file, reformatted);
    assertEquals(before, ModelRepository.load(models).fingerprints());
  }

  @Test
  void reformattingTheHeaderChangesNothing() throws Exception {
    Path file = models.resolve("marts/customer_orders.sql");
    ModelRepositories.edit(file, "  kind FULL,\n", "  KIND full, -- materialized\n");
    ModelRepositories.edit(file, "tags [finance, daily]", "tags [ finance,daily ]");
    assertEquals(before, ModelRepository.load(models).fingerprints());
  }

  @Test
  void aMetadataChangeKeepsTheVersion() throws Exception {
    ModelRepositories.edit(models.resolve("marts/customer_orders.sql"), "owner 'analytics'", "owner 'finance'");
    Map<String, ModelFingerprint> after = ModelRepository.load(models).fingerprints();
    ModelFingerprint was = before.get("marts.customer_orders");
    ModelFingerprint now = after.get("marts.customer_orders");
    assertNotEquals(was.fingerprint(), now.fingerprint());
    assertNotEquals(was.metadata(), now.metadata());
    assertEquals(was.data(), now.data());
    assertEquals(was.version(), now.version());
    assertEquals(Set.of("marts.customer_orders"), changed(after));
  }

  @Test
  void aQueryChangeReachesEveryDescendantAndNothingElse() throws Exception {
    ModelRepositories.edit(models.resolve("marts/customer_orders.sql"), "AS DECIMAL(12, 2))", "AS DECIMAL(14, 2))");
    Map<String, ModelFingerprint> after = ModelRepository.load(models).fingerprints();
    assertEquals(Set.of("marts.customer_orders", "marts.customer_lifetime", "marts.country_revenue"), changed(after));
    assertNotEquals(before.get("marts.customer_lifetime").version(), after.get("marts.customer_lifetime").version());
    // the descendant's own definition did not change: that is what makes it an indirect change
    assertEquals(before.get("marts.customer_lifetime").definition(), after.get("marts.customer_lifetime").definition());
  }

  @Test
  void aStringLiteralChangeIsAChange() throws Exception {
    ModelRepositories.edit(models.resolve("marts/customer_orders.sql"), "'completed'", "'Completed'");
    assertEquals(true, changed(ModelRepository.load(models).fingerprints()).contains("marts.customer_orders"));
  }

  @Test
  void aSeedsBytesAreItsData() throws Exception {
    Path csv = models.getParent().resolve("seeds/products.csv");
    ModelRepositories.write(csv, ModelRepositories.read(csv) + "");
    assertEquals(before, ModelRepository.load(models).fingerprints());
    String text = ModelRepositories.read(csv);
    ModelRepositories.write(csv, text.replaceFirst("\n(\\d+),", "\n$1 ,"));
    Set<String> changed = changed(ModelRepository.load(models).fingerprints());
    assertEquals(true, changed.contains("raw.products"));
    assertEquals(true, changed.contains("staging.stg_products"));
    assertEquals(false, changed.contains("raw.orders"));
  }

  @Test
  void aKindChangeIsAChange() throws Exception {
    ModelRepositories.edit(models.resolve("marts/daily_revenue.sql"), "kind full", "kind view");
    assertEquals(true, changed(ModelRepository.load(models).fingerprints()).contains("marts.daily_revenue"));
  }

  private Set<String> changed(Map<String, ModelFingerprint> after) {
    Set<String> changed = new java.util.TreeSet<>();
    after.forEach((model, f) -> {
      if (!f.equals(before.get(model))) {
        changed.add(model);
      }
    });
    return changed;
  }
}
