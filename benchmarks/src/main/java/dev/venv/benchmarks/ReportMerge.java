package dev.venv.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges a run's report into the {@code BENCHMARKS.md} already there, so that a run of some
 * benchmarks ({@code benchmarks/run Peers}) renews their sections and keeps the others' figures:
 * the whole set takes hours, and one part is what a change needs measured again. A section is a
 * {@code ## } heading and what follows it; each says which run measured it, so a kept section
 * keeps its own provenance. The table of all results keeps the earlier rows this run did not
 * measure, under a heading that says so.
 */
final class ReportMerge {
  static final String ALL_RESULTS = "## All results";
  private static final String KEPT_ROWS = "### Kept from earlier runs";
  /** The sections in the order the report gives them; others go before the table of all results. */
  private static final List<String> ORDER = List.of("## Budgets", "## Scale",
      PeersReport.FULL_COPY.strip(), PeersReport.PROXIES.strip());

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
      md.append(now.containsKey(title) ? now.get(title) : withProvenance(old.get(title), legacy));
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
