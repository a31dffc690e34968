package dev.venv.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A layered drawing of a DAG, sources on the left (Sugiyama's scheme, kept small). A node's layer
 * is its longest path from a source, so every edge points right; an edge spanning several layers
 * passes a dummy point in each, so it is ordered with the nodes instead of cutting through them.
 * Barycentre sweeps, down and up, order each layer to reduce crossings, and the best order seen is
 * kept; then each layer moves towards its neighbours' heights (least squares, order and spacing
 * kept). Each step is linear in nodes plus edge spans, so a thousand models lay out in well under a
 * second.
 */
final class LayeredLayout {
  /** Horizontal room between two layers, where the edges curve. */
  static final double LAYER_GAP = 72;
  /** Vertical room between two neighbours in a layer. */
  static final double NODE_GAP = 12;
  /** The height an edge passing through a layer takes there. */
  static final double DUMMY_HEIGHT = 4;
  /** Sweeps of each kind: more rarely help (measured on generated warehouses), and the best order seen is kept. */
  private static final int ORDER_SWEEPS = 8;
  private static final int HEIGHT_SWEEPS = 4;

  record Point(double x, double y) {}

  record Box(double x, double y, double width, double height) {}

  /**
   * Where everything goes.
   *
   * @param nodes     one box per node, in input order
   * @param edges     one route per edge, in input order: the start (right side of the parent),
   *                  then a pair of points for each layer it passes (where it enters and leaves),
   *                  then the end (left side of the child)
   * @param crossings edge crossings of the order chosen
   * @param unordered edge crossings of the order before the sweeps (the input's)
   */
  record Drawing(List<Box> nodes, List<List<Point>> edges, double width, double height, long crossings,
      long unordered) {}

  private final int real;
  private final double[] widths;
  private final double nodeHeight;
  /** Per virtual node (real nodes first, then dummies): its layer, neighbours left and right. */
  private final IntList layerOf = new IntList();
  private final List<IntList> left = new ArrayList<>();
  private final List<IntList> right = new ArrayList<>();
  private final List<int[]> chains = new ArrayList<>();
  private int[][] order;
  private long unordered;
  private int[] position;
  /** Each virtual node's barycentre in the sweep under way. */
  private double[] key;

  private LayeredLayout(double[] widths, double nodeHeight) {
    this.real = widths.length;
    this.widths = widths;
    this.nodeHeight = nodeHeight;
  }

  /**
   * Lays out nodes of the given widths and one height, joined by {@code edges} ({from, to}, from a
   * parent to its child).
   *
   * @throws IllegalArgumentException when the edges make a cycle
   */
  static Drawing draw(double[] widths, double nodeHeight, int[][] edges) {
    LayeredLayout layout = new LayeredLayout(widths, nodeHeight);
    layout.layer(edges);
    long crossings = layout.order();
    return layout.place(crossings);
  }

  private void layer(int[][] edges) {
    List<IntList> children = new ArrayList<>();
    int[] waiting = new int[real];
    for (int i = 0; i < real; i++) {
      children.add(new IntList());
    }
    for (int[] e : edges) {
      children.get(e[0]).add(e[1]);
      waiting[e[1]]++;
    }
    int[] layer = new int[real];
    ArrayDeque<Integer> ready = new ArrayDeque<>();
    for (int i = 0; i < real; i++) {
      if (waiting[i] == 0) {
        ready.add(i);
      }
    }
    int done = 0;
    while (!ready.isEmpty()) {
      int node = ready.poll();
      done++;
      IntList next = children.get(node);
      for (int k = 0; k < next.size; k++) {
        int child = next.values[k];
        layer[child] = Math.max(layer[child], layer[node] + 1);
        if (--waiting[child] == 0) {
          ready.add(child);
        }
      }
    }
    if (done < real) {
      throw new IllegalArgumentException("The graph has a cycle: it cannot be layered");
    }
    for (int i = 0; i < real; i++) {
      addVirtual(layer[i]);
    }
    for (int[] e : edges) {
      int span = layer[e[1]] - layer[e[0]];
      int[] chain = new int[span + 1];
      chain[0] = e[0];
      chain[span] = e[1];
      for (int k = 1; k < span; k++) {
        chain[k] = addVirtual(layer[e[0]] + k);
      }
      for (int k = 0; k < span; k++) {
        right.get(chain[k]).add(chain[k + 1]);
        left.get(chain[k + 1]).add(chain[k]);
      }
      chains.add(chain);
    }
  }

  private int addVirtual(int layer) {
    layerOf.add(layer);
    left.add(new IntList());
    right.add(new IntList());
    return layerOf.size - 1;
  }

  /** Orders each layer by barycentre sweeps; returns the crossings of the best order found. */
  private long order() {
    int layers = 0;
    for (int v = 0; v < layerOf.size; v++) {
      layers = Math.max(layers, layerOf.values[v] + 1);
    }
    int[] sizes = new int[layers];
    for (int v = 0; v < layerOf.size; v++) {
      sizes[layerOf.values[v]]++;
    }
    order = new int[layers][];
    for (int l = 0; l < layers; l++) {
      order[l] = new int[sizes[l]];
    }
    position = new int[layerOf.size];
    key = new double[layerOf.size];
    int[] filled = new int[layers];
    // Real nodes come first, in input order (by name): a stable start that groups schemas.
    for (int v = 0; v < layerOf.size; v++) {
      int l = layerOf.values[v];
      position[v] = filled[l];
      order[l][filled[l]++] = v;
    }
    long best = crossings();
    unordered = best;
    int[][] bestOrder = copy(order);
    for (int sweep = 0; sweep < ORDER_SWEEPS && best > 0; sweep++) {
      for (int l = 1; l < layers; l++) {
        sortByBarycentre(order[l], left);
      }
      for (int l = layers - 2; l >= 0; l--) {
        sortByBarycentre(order[l], right);
      }
      long now = crossings();
      if (now < best) {
        best = now;
        bestOrder = copy(order);
      }
    }
    order = bestOrder;
    for (int[] layer : order) {
      for (int i = 0; i < layer.length; i++) {
        position[layer[i]] = i;
      }
    }
    return best;
  }

  /** Sorts a layer by the mean position of each node's neighbours; one without any keeps its place. */
  private void sortByBarycentre(int[] layer, List<IntList> neighbours) {
    Integer[] sorted = new Integer[layer.length];
    for (int i = 0; i < layer.length; i++) {
      int v = layer[i];
      IntList n = neighbours.get(v);
      double sum = 0;
      for (int k = 0; k < n.size; k++) {
        sum += position[n.values[k]];
      }
      key[v] = n.size == 0 ? position[v] : sum / n.size;
      sorted[i] = v;
    }
    Arrays.sort(sorted, Comparator.<Integer>comparingDouble(v -> key[v]).thenComparingInt(v -> position[v]));
    for (int i = 0; i < layer.length; i++) {
      layer[i] = sorted[i];
      position[sorted[i]] = i;
    }
  }

  /** Crossings between each pair of neighbouring layers: inversions, counted with a Fenwick tree. */
  private long crossings() {
    long total = 0;
    for (int l = 0; l + 1 < order.length; l++) {
      List<int[]> pairs = new ArrayList<>();
      for (int v : order[l]) {
        IntList n = right.get(v);
        for (int k = 0; k < n.size; k++) {
          pairs.add(new int[] {position[v], position[n.values[k]]});
        }
      }
      pairs.sort((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]));
      long[] tree = new long[order[l + 1].length + 1];
      long seen = 0;
      for (int[] p : pairs) {
        // edges seen so far that end below this one's end cross it
        long atOrAbove = 0;
        for (int i = p[1] + 1; i > 0; i -= i & -i) {
          atOrAbove += tree[i];
        }
        total += seen - atOrAbove;
        for (int i = p[1] + 1; i < tree.length; i += i & -i) {
          tree[i]++;
        }
        seen++;
      }
    }
    return total;
  }

  private Drawing place(long crossings) {
    double[] height = new double[layerOf.size];
    double[] centre = new double[layerOf.size];
    for (int v = 0; v < layerOf.size; v++) {
      height[v] = v < real ? nodeHeight : DUMMY_HEIGHT;
    }
    for (int[] layer : order) {
      double y = 0;
      for (int v : layer) {
        centre[v] = y + height[v] / 2;
        y += height[v] + NODE_GAP;
      }
    }
    for (int sweep = 0; sweep < HEIGHT_SWEEPS; sweep++) {
      for (int l = 1; l < order.length; l++) {
        towardsNeighbours(order[l], left, height, centre);
      }
      for (int l = order.length - 2; l >= 0; l--) {
        towardsNeighbours(order[l], right, height, centre);
      }
    }
    double top = Double.MAX_VALUE;
    double bottom = 0;
    for (int v = 0; v < layerOf.size; v++) {
      top = Math.min(top, centre[v] - height[v] / 2);
    }
    for (int v = 0; v < layerOf.size; v++) {
      centre[v] -= top;
      bottom = Math.max(bottom, centre[v] + height[v] / 2);
    }

    double[] layerX = new double[order.length];
    double[] layerWidth = new double[order.length];
    for (int v = 0; v < real; v++) {
      int l = layerOf.values[v];
      layerWidth[l] = Math.max(layerWidth[l], widths[v]);
    }
    double x = 0;
    for (int l = 0; l < order.length; l++) {
      layerX[l] = x;
      x += layerWidth[l] + LAYER_GAP;
    }
    List<Box> boxes = new ArrayList<>(real);
    for (int v = 0; v < real; v++) {
      boxes.add(new Box(layerX[layerOf.values[v]], centre[v] - nodeHeight / 2, widths[v], nodeHeight));
    }
    List<List<Point>> routes = new ArrayList<>(chains.size());
    for (int[] chain : chains) {
      List<Point> route = new ArrayList<>(chain.length * 2);
      int from = chain[0];
      int to = chain[chain.length - 1];
      route.add(new Point(layerX[layerOf.values[from]] + widths[from], centre[from]));
      for (int k = 1; k < chain.length - 1; k++) {
        int l = layerOf.values[chain[k]];
        route.add(new Point(layerX[l], centre[chain[k]]));
        route.add(new Point(layerX[l] + layerWidth[l], centre[chain[k]]));
      }
      route.add(new Point(layerX[layerOf.values[to]], centre[to]));
      routes.add(route);
    }
    return new Drawing(boxes, routes, Math.max(0, x - LAYER_GAP), bottom, crossings, unordered);
  }

  /**
   * Moves a layer's nodes as near as they can get to the mean height of their neighbours (least
   * squares), keeping their order and spacing: isotonic regression by pooling adjacent violators,
   * on the heights less each node's minimum offset from the first.
   */
  private static void towardsNeighbours(int[] layer, List<IntList> neighbours, double[] height, double[] centre) {
    int n = layer.length;
    double[] offset = new double[n];
    double[] target = new double[n];
    for (int i = 0; i < n; i++) {
      int v = layer[i];
      if (i > 0) {
        offset[i] = offset[i - 1] + (height[layer[i - 1]] + height[v]) / 2 + NODE_GAP;
      }
      IntList adjacent = neighbours.get(v);
      double wanted = centre[v];
      if (adjacent.size > 0) {
        double sum = 0;
        for (int k = 0; k < adjacent.size; k++) {
          sum += centre[adjacent.values[k]];
        }
        wanted = sum / adjacent.size;
      }
      target[i] = wanted - offset[i];
    }
    double[] blockSum = new double[n];
    int[] blockCount = new int[n];
    int blocks = 0;
    for (int i = 0; i < n; i++) {
      blockSum[blocks] = target[i];
      blockCount[blocks] = 1;
      blocks++;
      while (blocks > 1 && blockSum[blocks - 2] / blockCount[blocks - 2] > blockSum[blocks - 1] / blockCount[blocks - 1]) {
        blockSum[blocks - 2] += blockSum[blocks - 1];
        blockCount[blocks - 2] += blockCount[blocks - 1];
        blocks--;
      }
    }
    int i = 0;
    for (int b = 0; b < blocks; b++) {
      double level = blockSum[b] / blockCount[b];
      for (int k = 0; k < blockCount[b]; k++, i++) {
        centre[layer[i]] = level + offset[i];
      }
    }
  }

  private static int[][] copy(int[][] layers) {
    int[][] copy = new int[layers.length][];
    for (int l = 0; l < layers.length; l++) {
      copy[l] = layers[l].clone();
    }
    return copy;
  }

  /** A growable list of ints: dummies and neighbour lists without boxing. */
  private static final class IntList {
    int[] values = new int[2];
    int size;

    void add(int value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }
  }
}
