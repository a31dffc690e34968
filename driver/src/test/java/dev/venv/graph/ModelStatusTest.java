package dev.venv.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.env.ChangeCategory;
import dev.venv.env.ModelChange;
import dev.venv.state.PhysicalName;
import org.junit.jupiter.api.Test;

class ModelStatusTest {
  private static final PhysicalName OLD = PhysicalName.of("marts", "orders", "00000000000000aa");
  private static final PhysicalName NEW = PhysicalName.of("marts", "orders", "00000000000000bb");

  @Test
  void eachCategoryOfThePlanHasItsColour() {
    assertEquals(ModelStatus.SHARED, status(ChangeCategory.UNCHANGED, OLD, OLD));
    assertEquals(ModelStatus.METADATA_ONLY, status(ChangeCategory.METADATA_ONLY, OLD, OLD));
    assertEquals(ModelStatus.ADDED, status(ChangeCategory.ADDED, NEW, null));
    assertEquals(ModelStatus.DIRECTLY_CHANGED, status(ChangeCategory.DIRECTLY_MODIFIED, NEW, OLD));
    assertEquals(ModelStatus.REBUILT, status(ChangeCategory.INDIRECTLY_MODIFIED, NEW, OLD));
    assertThrows(IllegalArgumentException.class, () -> status(ChangeCategory.REMOVED, null, OLD));
  }

  /** The hook for change categories: a data change that keeps the source's object is reused, not rebuilt. */
  @Test
  void aDataChangeOnTheSourcesObjectIsReusedUnderANewFingerprint() {
    assertEquals(ModelStatus.REUSED, status(ChangeCategory.DIRECTLY_MODIFIED, OLD, OLD));
    assertEquals(ModelStatus.REUSED, status(ChangeCategory.INDIRECTLY_MODIFIED, OLD, OLD));
    assertFalse(ModelStatus.REUSED.rebuilt());
    assertFalse(ModelStatus.REUSED.alwaysInLegend(), "listed only where some model is");
    assertTrue(ModelStatus.DIRECTLY_CHANGED.rebuilt() && ModelStatus.REBUILT.rebuilt() && ModelStatus.ADDED.rebuilt());
  }

  private static ModelStatus status(ChangeCategory category, PhysicalName physical, PhysicalName previous) {
    return ModelStatus.of(new ModelChange("marts.orders", category, "f1", previous == null ? null : "f0", physical,
        previous, false, null));
  }
}
