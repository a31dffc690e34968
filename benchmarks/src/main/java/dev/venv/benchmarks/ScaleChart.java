package dev.venv.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A PNG line chart of cost against a count (models, environments), both axes logarithmic: one line
 * per measured thing and side, venv solid and its raw baseline dashed in the same colour. Drawn
 * headless ({@code java.awt.headless}, set by {@link RunBenchmarks}) with the JDK's own font
 * lookup, so nothing names a font file or path.
 */
final class ScaleChart {
  /** Colours for successive measured things, distinct on white and in grey. */
  private static final Color[] COLOURS = {
      new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd), new Color(0xff7f0e),
      new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf), new Color(0x7f7f7f), new Color(0xbcbd22)};
  private static final BasicStroke SOLID = new BasicStroke(2f);
  private static final BasicStroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
      new float[] {6f, 4f}, 0f);

  /**
   * One line: {@code group} picks its colour (a thing and its baseline share one), {@code raw}
   * makes it dashed; points are count → a value in the y axis' unit (ms by default).
   */
  record Line(String label, int group, boolean raw, SortedMap<Integer, Double> points) {}

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final List<Line> lines = new ArrayList<>();

  ScaleChart(String title, String xLabel) {
    this(title, xLabel, "ms (log scale)");
  }

  ScaleChart(String title, String xLabel, String yLabel) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  void add(Line line) {
    if (!line.points().isEmpty()) {
      lines.add(line);
    }
  }

  boolean isEmpty() {
    return lines.isEmpty();
  }

  /**
   * A logarithmic axis labelled at powers of ten only (1, 10, 100, …, written out), with nine
   * minor ticks between: JFreeChart's own choice labels odd values such as 630.957.
   */
  private static LogAxis decades(String label) {
    LogAxis axis = new LogAxis(label);
    axis.setNumberFormatOverride(new DecimalFormat("#,##0.###"));
    axis.setTickUnit(new NumberTickUnit(1)); // one power of ten per major tick
    axis.setMinorTickCount(9);
    axis.setMinorTickMarksVisible(true);
    return axis;
  }

  /** Writes the chart to {@code file}, 1,000 × 650 pixels. */
  void write(Path file) throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    double minX = Double.MAX_VALUE;
    double maxX = 0;
    for (Line line : lines) {
      XYSeries series = new XYSeries(line.label(), true, false);
      line.points().forEach(series::add);
      data.addSeries(series);
      minX = Math.min(minX, line.points().firstKey());
      maxX = Math.max(maxX, line.points().lastKey());
    }
    LogAxis x = decades(xLabel);
    // Some room either side, and a range even when every point has one count (a smoke run).
    x.setRange(minX / 1.5, maxX * 1.5);
    LogAxis y = decades(yLabel);
    y.setSmallestValue(1e-3);

    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < lines.size(); i++) {
      Line line = lines.get(i);
      renderer.setSeriesPaint(i, COLOURS[line.group() % COLOURS.length]);
      renderer.setSeriesStroke(i, line.raw() ? DASHED : SOLID);
    }
    XYPlot plot = new XYPlot(data, x, y, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    JFreeChart chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setTitle(new TextTitle(title, new Font(Font.SANS_SERIF, Font.BOLD, 16)));
    chart.setBackgroundPaint(Color.WHITE);
    ChartUtils.saveChartAsPNG(file.toFile(), chart, 1000, 650);
  }
}
