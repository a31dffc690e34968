package dev.venv.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.venv.graph.LayeredLayout.Box;
import dev.venv.graph.LayeredLayout.Drawing;
import dev.venv.graph.LayeredLayout.Point;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LayeredLayoutTest {
  private static final double HEIGHT = 26;

  @Test
  void aNodesLayerIsItsLongestPathFromASource() {
    // a → b → c and a → c: c goes right of b, and a → c passes b's layer
    Drawing d = LayeredLayout.draw(widths(3, 100), HEIGHT, new int[][] {{0, 1}, {1, 2}, {0, 2}});
    Box a = d.nodes().get(0);
    Box b = d.nodes().get(1);
    Box c = d.nodes().get(2);
    assertTrue(a.x() < b.x() && b.x() < c.x(), d.toString());
    assertEquals(4, d.edges().get(2).size(), "start, in and out of b's layer, end: " + d.edges().get(2));
    assertEquals(2, d.edges().get(0).size());
    assertEquals(0, d.crossings());
  }

  @Test
  void barycentreSweepsUntangleCrossedEdges() {
    // in name order a, b over c, d the edges a → d and b → c cross; ordered by barycentre they do not
    Drawing d = LayeredLayout.draw(widths(4, 80), HEIGHT, new int[][] {{0, 3}, {1, 2}});
    assertEquals(0, d.crossings());
    assertTrue(d.nodes().get(3).y() < d.nodes().get(2).y(), "d moved above c: " + d.nodes());
    assertEquals(d.nodes().get(0).y(), d.nodes().get(3).y(), 0.01, "a child level with its only parent");
  }

  @Test
  void fiftyModelsPointRightNeverOverlapAndCrossLittle() {
    int[][] edges = warehouse(50, 5, new Random(7));
    Drawing d = LayeredLayout.draw(widths(50, 180), HEIGHT, edges);
    assertWellFormed(d, edges);
    assertTrue(d.crossings() <= d.unordered() / 2, d.crossings() + " crossings, " + d.unordered() + " in name order");
  }

  @Test
  void aThousandModelsLayOutInWellUnderASecondAndStayCompact() {
    int[][] edges = warehouse(1_000, 10, new Random(11));
    long start = System.nanoTime();
    Drawing d = LayeredLayout.draw(widths(1_000, 200), HEIGHT, edges);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertWellFormed(d, edges);
    assertTrue(d.crossings() <= d.unordered() / 2, d.crossings() + " crossings, " + d.unordered() + " in name order");
    assertTrue(millis < 3_000, "laid out in " + millis + " ms");
    // ten layers of a hundred: about ten columns wide and a hundred rows (plus passing edges) high
    assertTrue(d.width() < 10 * (200 + LayeredLayout.LAYER_GAP) + 1, "width " + d.width());
    assertTrue(d.height() < 300 * (HEIGHT + LayeredLayout.NODE_GAP), "height " + d.height());
  }

  @Test
  void aCycleIsRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> LayeredLayout.draw(widths(2, 50), HEIGHT, new int[][] {{0, 1}, {1, 0}}));
  }

  /** Every edge runs left to right from its parent's right side to its child's left; no boxes overlap. */
  private static void assertWellFormed(Drawing d, int[][] edges) {
    for (int e = 0; e < edges.length; e++) {
      Box from = d.nodes().get(edges[e][0]);
      Box to = d.nodes().get(edges[e][1]);
      List<Point> route = d.edges().get(e);
      assertEquals(from.x() + from.width(), route.get(0).x(), 0.01);
      assertEquals(to.x(), route.get(route.size() - 1).x(), 0.01);
      for (int k = 1; k < route.size(); k++) {
        assertTrue(route.get(k).x() >= route.get(k - 1).x(), "edge " + e + " turns back: " + route);
      }
    }
    List<Box> boxes = new ArrayList<>(d.nodes());
    boxes.sort((a, b) -> a.x() != b.x() ? Double.compare(a.x(), b.x()) : Double.compare(a.y(), b.y()));
    for (int i = 1; i < boxes.size(); i++) {
      Box above = boxes.get(i - 1);
      Box below = boxes.get(i);
      if (above.x() == below.x()) {
        assertTrue(below.y() >= above.y() + above.height() + LayeredLayout.NODE_GAP - 0.01, above + " / " + below);
      } else {
        assertTrue(below.x() >= above.x() + above.width(), "layers apart: " + above + " / " + below);
      }
    }
    assertTrue(d.nodes().stream().allMatch(b -> b.y() >= 0 && b.y() + b.height() <= d.height() + 0.01));
  }

  private static double[] widths(int n, double width) {
    double[] widths = new double[n];
    Arrays.fill(widths, width);
    return widths;
  }

  /**
   * A warehouse's shape: models in {@code tiers} (raw, staging, marts, …), each reading one to three
   * models of the one to three tiers before it.
   */
  static int[][] warehouse(int models, int tiers, Random random) {
    int perTier = models / tiers;
    List<int[]> edges = new ArrayList<>();
    for (int m = perTier; m < models; m++) {
      int tier = m / perTier;
      int parents = 1 + random.nextInt(3);
      java.util.Set<Integer> chosen = new java.util.HashSet<>();
      for (int p = 0; p < parents; p++) {
        int parentTier = Math.max(0, tier - 1 - random.nextInt(3));
        chosen.add(parentTier * perTier + random.nextInt(perTier));
      }
      for (int parent : chosen) {
        edges.add(new int[] {parent, m});
      }
    }
    return edges.toArray(new int[0][]);
  }
}
