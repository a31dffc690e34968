package dev.venv.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Merges a run's report into the {@code BENCHMARKS.md} already there, so that a run of some
 * benchmarks ({@code benchmarks/run Peers}) renews their sections and keeps the others' figures:
 * the whole set takes hours, and one part is what a change needs measured again. A section is a
 * {@code ## } heading and what follows it; each says which run measured it, so a kept section
 * keeps its own provenance. A section both runs wrote ({@code ## Budgets}, {@code ## Scale} after
 * {@code benchmarks/run ScaleBuild -p models=5000}) takes this run's rows and keeps the earlier rows
 * it did not measure, each table's row named by its parameter cells, and the subsections and tables
 * this run did not write, with a line naming the runs the kept rows come from. The table of all
 * results keeps the earlier rows this run did not measure, under a heading that says so.
 */
final class ReportMerge {
  static final String ALL_RESULTS = "## All results";
  private static final String KEPT_ROWS = "### Kept from earlier runs";
  /** The sections in the order the report gives them; others go before the table of all results. */
  private static final List<String> ORDER = List.of("## Budgets", "## Scale",
      PeersReport.FULL_COPY.strip(), PeersReport.PROXIES.strip());
  /**
   * How many leading cells name a row, by the table's header: the parameters of a figure. Any
   * other table's rows are named by their first cell (a budget, a query).
   */
  private static final Map<String, Integer> KEY_CELLS = Map.of(ScaleReport.TABLE_HEADER, 4,
      ScaleReport.GROWTH_HEADER, 2, PeersReport.FULL_COPY_HEADER, 3);
  private static final String KEPT_FROM = "Rows this run did not measure are kept from ";
  private static final Pattern RUN = Pattern.compile("`benchmarks/run[^`]*` on [0-9-]+ [0-9:]+ UTC");

  private ReportMerge() {}

  /** {@code fresh} with the sections of {@code earlier} it lacks; {@code fresh} alone when there was none. */
  static String merge(String earlier, String fresh) {
    if (earlier == null || earlier.isBlank()) {
      return fresh;
    }
    Map<String, String> old = sections(earlier);
    Map<String, String> now = sections(fresh);
    Set<String> titles = new LinkedHashSet<>();
    for (String title : ORDER) {
      if (now.containsKey(title) || old.containsKey(title)) {
        titles.add(title);
      }
    }
    for (String title : now.keySet()) {
      titles.add(title);
    }
    for (String title : old.keySet()) {
      titles.add(title);
    }
    titles.remove("");
    titles.remove(ALL_RESULTS);
    String legacy = legacyProvenance(old.getOrDefault("", ""));
    StringBuilder md = new StringBuilder(now.getOrDefault("", ""));
    for (String title : titles) {
      if (now.containsKey(title) && old.containsKey(title)) {
        md.append(mergeSection(old.get(title), now.get(title), legacy));
      } else {
        md.append(now.containsKey(title) ? now.get(title) : withProvenance(old.get(title), legacy));
      }
    }
    md.append(allResults(old.get(ALL_RESULTS), now.get(ALL_RESULTS)));
    return md.toString();
  }

  /**
   * A report written before sections named their runs said it once, in its first line ({@code
   * Written by `benchmarks/run …` on DATE.}): that run measured every section of it.
   */
  private static String legacyProvenance(String header) {
    for (String line : header.split("\n")) {
      if (line.startsWith("Written by ")) {
        return "Measured by " + line.substring("Written by ".length());
      }
    }
    return null;
  }

  /** A kept section, with the line naming its run added if it had none. */
  private static String withProvenance(String section, String legacy) {
    int body = section.indexOf("\n\n");
    if (legacy == null || body < 0 || section.startsWith("Measured by ", body + 2)) {
      return section;
    }
    return section.substring(0, body + 2) + legacy + "\n\n" + section.substring(body + 2);
  }

  /** Heading → the section's text, heading included; {@code ""} → what precedes the first heading. */
  private static Map<String, String> sections(String md) {
    Map<String, String> sections = new LinkedHashMap<>();
    String title = "";
    StringBuilder text = new StringBuilder();
    for (String line : md.split("\n", -1)) {
      if (line.startsWith("## ")) {
        sections.put(title, text.toString());
        title = line.strip();
        text.setLength(0);
      }
      text.append(line).append('\n');
    }
    sections.put(title, text.substring(0, Math.max(0, text.length() - 1))); // split's last "" adds no line
    return sections;
  }

  /**
   * A section both runs wrote: this run's, with the earlier subsections, tables and rows it lacks
   * put back beside their neighbours, and a line after its provenance naming the runs they come from.
   */
  private static String mergeSection(String old, String now, String legacy) {
    Map<String, String> oldParts = parts(old);
    Map<String, String> nowParts = parts(now);
    int[] kept = {0};
    List<String> titles = union(List.copyOf(oldParts.keySet()), List.copyOf(nowParts.keySet()));
    StringBuilder md = new StringBuilder();
    for (String title : titles) {
      String o = oldParts.get(title);
      String n = nowParts.get(title);
      if (n == null) {
        kept[0]++;
        md.append(o);
      } else {
        md.append(o == null ? n : mergePart(o, n, kept));
      }
    }
    if (kept[0] == 0) {
      return now;
    }
    Set<String> runs = new LinkedHashSet<>();
    for (String block : blocks(oldParts.getOrDefault("", ""))) {
      if (block.startsWith("Measured by ") || block.startsWith(KEPT_FROM)) {
        Matcher m = RUN.matcher(block);
        while (m.find()) {
          runs.add(m.group());
        }
      }
    }
    if (runs.isEmpty() && legacy != null) {
      Matcher m = RUN.matcher(legacy);
      while (m.find()) {
        runs.add(m.group());
      }
    }
    String line = KEPT_FROM + (runs.isEmpty() ? "an earlier run" : String.join(", ", runs)) + ".";
    List<String> blocks = blocks(md.toString());
    List<String> withLine = new ArrayList<>();
    boolean placed = false;
    for (String block : blocks) {
      if (block.startsWith(KEPT_FROM)) {
        continue; // this run's section has none: it is the earlier one, renewed above
      }
      withLine.add(block);
      if (!placed && block.startsWith("Measured by ")) {
        withLine.add(line);
        placed = true;
      }
    }
    if (!placed) {
      withLine.add(1, line); // after the heading
    }
    return String.join("\n\n", withLine) + "\n\n";
  }

  /** A subsection both runs wrote: this run's blocks, each table with the earlier rows it lacks, and the earlier tables it lacks. */
  private static String mergePart(String old, String now, int[] kept) {
    List<String> oldBlocks = blocks(old);
    List<String> nowBlocks = blocks(now);
    Map<String, String> oldTables = new LinkedHashMap<>();
    for (String block : oldBlocks) {
      if (isTable(block)) {
        oldTables.put(header(block), block);
      }
    }
    Set<String> nowHeaders = new LinkedHashSet<>();
    List<String> merged = new ArrayList<>();
    for (String block : nowBlocks) {
      if (isTable(block)) {
        nowHeaders.add(header(block));
        String o = oldTables.get(header(block));
        merged.add(o == null ? block : mergeTable(o, block, kept));
      } else {
        merged.add(block);
      }
    }
    // An earlier table this run did not write (the growth table, when it measured one count of
    // environments): back with the paragraph that introduced it, before this run's charts.
    int at = merged.size();
    for (int i = 0; i < merged.size(); i++) {
      if (merged.get(i).startsWith("![")) {
        at = i;
        break;
      }
    }
    for (int i = 0; i < oldBlocks.size(); i++) {
      String block = oldBlocks.get(i);
      if (isTable(block) && !nowHeaders.contains(header(block))) {
        kept[0]++;
        if (i > 0 && oldBlocks.get(i - 1).endsWith(":") && !nowBlocks.contains(oldBlocks.get(i - 1))) {
          merged.add(at++, oldBlocks.get(i - 1));
        }
        merged.add(at++, block);
      }
    }
    return String.join("\n\n", merged) + "\n\n";
  }

  /** A table both runs wrote: this run's rows, and the earlier rows of parameters it did not measure. */
  private static String mergeTable(String old, String now, int[] kept) {
    List<String> oldLines = List.of(old.split("\n"));
    List<String> nowLines = List.of(now.split("\n"));
    int cells = KEY_CELLS.getOrDefault(oldLines.get(0), 1);
    List<String> oldRows = oldLines.subList(2, oldLines.size());
    List<String> nowRows = nowLines.subList(2, nowLines.size());
    Set<String> measured = new LinkedHashSet<>();
    nowRows.forEach(row -> measured.add(rowKey(row, cells)));
    for (String row : oldRows) {
      if (!measured.contains(rowKey(row, cells))) {
        kept[0]++;
      }
    }
    Map<String, String> byKey = new LinkedHashMap<>();
    nowRows.forEach(row -> byKey.put(rowKey(row, cells), row));
    oldRows.forEach(row -> byKey.putIfAbsent(rowKey(row, cells), row));
    List<String> keys = union(oldRows.stream().map(row -> rowKey(row, cells)).toList(),
        nowRows.stream().map(row -> rowKey(row, cells)).toList());
    StringBuilder md = new StringBuilder(nowLines.get(0)).append('\n').append(nowLines.get(1));
    keys.forEach(key -> md.append('\n').append(byKey.get(key)));
    return md.toString();
  }

  /**
   * The earlier list with the later one's new items each put just before the next item of the later
   * list that the earlier one has (or after the previous one), so that both orders hold where they agree.
   */
  private static List<String> union(List<String> earlier, List<String> later) {
    List<String> result = new ArrayList<>(earlier);
    String next = null;
    for (int i = later.size() - 1; i >= 0; i--) {
      String item = later.get(i);
      if (result.contains(item)) {
        next = item;
        continue;
      }
      if (next != null) {
        result.add(result.indexOf(next), item);
      } else {
        String previous = null;
        for (int j = i - 1; j >= 0 && previous == null; j--) {
          previous = result.contains(later.get(j)) ? later.get(j) : null;
        }
        result.add(previous == null ? result.size() : result.indexOf(previous) + 1, item);
      }
      next = item;
    }
    return result;
  }

  /** Subsection heading ({@code ### }) → its text; {@code ""} → what precedes the first. */
  private static Map<String, String> parts(String section) {
    Map<String, String> parts = new LinkedHashMap<>();
    String title = "";
    StringBuilder text = new StringBuilder();
    for (String block : blocks(section)) {
      if (block.startsWith("### ")) {
        parts.put(title, text.toString());
        title = block.lines().findFirst().orElse(block);
        text.setLength(0);
      }
      text.append(block).append("\n\n");
    }
    parts.put(title, text.toString());
    return parts;
  }

  /** The paragraphs, tables, headings and images of a text, as the blank lines between them part it. */
  private static List<String> blocks(String text) {
    List<String> blocks = new ArrayList<>();
    for (String block : text.split("\n\n+")) {
      if (!block.isBlank()) {
        blocks.add(block.strip());
      }
    }
    return blocks;
  }

  private static boolean isTable(String block) {
    return block.startsWith("|") && block.lines().count() >= 2 && block.lines().allMatch(l -> l.startsWith("|"));
  }

  private static String header(String table) {
    return table.lines().findFirst().orElseThrow();
  }

  /** A row's first {@code cells} cells: what names it in its table. */
  private static String rowKey(String row, int cells) {
    String[] split = row.split("\\|", -1);
    StringBuilder key = new StringBuilder();
    for (int i = 1; i <= cells && i < split.length; i++) {
      key.append(split[i].strip()).append('|');
    }
    return key.toString();
  }

  /** This run's table, then the earlier rows (benchmark and params) it did not measure again. */
  private static String allResults(String old, String now) {
    if (now == null) {
      return old == null ? "" : old;
    }
    if (old == null) {
      return now;
    }
    Set<String> measured = new LinkedHashSet<>();
    for (String row : rows(now)) {
      measured.add(key(row));
    }
    List<String> kept = new ArrayList<>();
    for (String row : rows(old)) {
      if (!measured.contains(key(row))) {
        kept.add(row);
      }
    }
    if (kept.isEmpty()) {
      return now;
    }
    String header = "| benchmark | mode | params | samples | score | ± error | unit |\n|---|---|---|---:|---:|---:|---|\n";
    StringBuilder md = new StringBuilder(now.stripTrailing()).append("\n\n").append(KEPT_ROWS).append("\n\n")
        .append("Measured by the earlier runs their sections name, not by this one.\n\n").append(header);
    kept.forEach(row -> md.append(row).append('\n'));
    return md.append('\n').toString();
  }

  /** The table rows of a section, up to the earlier runs' own kept rows included. */
  private static List<String> rows(String section) {
    List<String> rows = new ArrayList<>();
    for (String line : section.split("\n")) {
      if (line.startsWith("| ") && !line.startsWith("| benchmark ")) {
        rows.add(line);
      }
    }
    return rows;
  }

  /** A row's benchmark and params: what names one figure. */
  private static String key(String row) {
    String[] cells = row.split("\\|");
    return cells.length > 3 ? cells[1].strip() + "|" + cells[3].strip() : row;
  }
}
