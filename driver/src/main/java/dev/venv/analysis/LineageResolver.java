package dev.venv.analysis;

import dev.venv.analysis.QueryTree.Cte;
import dev.venv.analysis.QueryTree.Expr;
import dev.venv.analysis.QueryTree.FromItem;
import dev.venv.analysis.QueryTree.Item;
import dev.venv.analysis.QueryTree.Select;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Resolves each column reference of a {@link QueryTree} to the tables it may read, through
 * {@code WITH} items, derived tables and subqueries. Where a name could mean a column of several
 * tables in scope (an unqualified name in a join, a correlated name), it reads all of them: lineage
 * may over-state what is read, never under-state it, so a change is never reused on a guess.
 */
final class LineageResolver {
  private final Set<String> models;

  /** @param models every model's name: other tables are external */
  LineageResolver(Set<String> models) {
    this.models = models;
  }

  /**
   * What a query outputs and reads.
   *
   * @param names its output columns' names in order: {@code null} where the backend names the
   *              column (an unaliased expression), {@link ColumnRef#ALL} for a star or
   *              {@code COLUMNS(...)} (columns of unknown number and names)
   */
  record Resolved(List<String> names, List<Set<ColumnRef>> columns, Set<ColumnRef> frame) {
    Set<ColumnRef> everything() {
      Set<ColumnRef> all = new TreeSet<>(frame);
      columns.forEach(all::addAll);
      return all;
    }

    /**
     * Whether each column's name is known here and its own: no star, no name the backend makes up,
     * no name twice (DuckDB renames a second {@code a} to {@code a_1}, and may rename a written
     * {@code a_1} in turn). Only then does a reader's name say which column it reads.
     */
    boolean exact() {
      Set<String> seen = new java.util.HashSet<>();
      for (String n : names) {
        if (n == null || n.equals(ColumnRef.ALL) || !seen.add(n)) {
          return false;
        }
      }
      return true;
    }

    /** Whether its columns line up by position: no star or {@code COLUMNS(...)} of unknown width. */
    boolean positional() {
      return !names.contains(ColumnRef.ALL);
    }

    /**
     * What reading its column {@code name} reads: that column's reads where the names are
     * {@link #exact}, else everything (the name may be a star's column, a made-up or renamed one).
     */
    Set<ColumnRef> column(String name) {
      int i = names.indexOf(name);
      return i >= 0 && exact() ? columns.get(i) : everything();
    }

    /** What its columns named {@code name} read: within its own query, where a name is the select item's own. */
    Set<ColumnRef> named(String name) {
      Set<ColumnRef> out = new TreeSet<>();
      for (int i = 0; i < names.size(); i++) {
        if (name.equals(names.get(i))) {
          out.addAll(columns.get(i));
        }
      }
      return out;
    }

    /**
     * Its columns renamed by a column alias list ({@code AS q(i, g)}, {@code WITH x(i, g)}): by
     * position, so where positions are not known every column reads everything.
     */
    Resolved renamed(List<String> aliases) {
      if (aliases.isEmpty()) {
        return this;
      }
      if (!positional()) {
        Set<ColumnRef> all = everything();
        List<String> out = new ArrayList<>(aliases);
        out.add(ColumnRef.ALL);
        List<Set<ColumnRef>> reads = new ArrayList<>();
        out.forEach(n -> reads.add(all));
        return new Resolved(out, reads, frame);
      }
      List<String> out = new ArrayList<>(names);
      for (int i = 0; i < Math.min(out.size(), aliases.size()); i++) {
        out.set(i, aliases.get(i));
      }
      return new Resolved(out, columns, frame);
    }
  }

  /** A table in scope: a model or external table ({@code table}), or a derived one. */
  private record Source(String alias, String table, Resolved derived) {}

  private static final class Scope {
    final Scope parent;
    final Map<String, Resolved> ctes = new HashMap<>();
    final List<Source> sources = new ArrayList<>();

    Scope(Scope parent) {
      this.parent = parent;
    }

    Resolved cte(String name) {
      for (Scope s = this; s != null; s = s.parent) {
        Resolved r = s.ctes.get(name);
        if (r != null) {
          return r;
        }
      }
      return null;
    }
  }

  ModelLineage lineage(QueryTree tree, String parser) {
    Resolved r = resolve(tree, null);
    Map<String, Set<ColumnRef>> columns = new LinkedHashMap<>();
    for (int i = 0; i < r.names().size(); i++) {
      String name = r.names().get(i) == null ? "#" + (i + 1) : r.names().get(i);
      columns.merge(name, r.columns().get(i), (a, b) -> {
        Set<ColumnRef> u = new TreeSet<>(a);
        u.addAll(b);
        return u;
      });
    }
    return new ModelLineage(columns, r.frame(), parser, null, rowwise(tree), r.exact());
  }

  /** See {@link ModelLineage#rowwise}: anything else may change its row count when a column changes. */
  private static boolean rowwise(QueryTree tree) {
    if (!tree.ctes().isEmpty() || tree.isSetOperation() || !tree.trailing().isEmpty()) {
      return false;
    }
    Select s = tree.branches().get(0);
    if (s.distinct() || s.groupByAll() || s.grouped() || s.limited()) {
      return false;
    }
    for (FromItem f : s.from()) {
      if (f.table() == null) {
        return false; // a derived table, a table function, UNNEST, VALUES, LATERAL
      }
    }
    List<Expr> all = new ArrayList<>(s.frame());
    s.items().forEach(i -> all.add(i.expr()));
    for (Expr e : all) {
      if (e.aggregates() || e.setReturning() || e.opaque() || !e.subqueries().isEmpty()
          || WINDOW.matcher(e.text()).find()) {
        return false;
      }
    }
    for (QueryTree.Item i : s.items()) {
      if (i.expr().unknownCall() != null) {
        return false; // it may aggregate or return several rows (SQL allows neither in WHERE or ON)
      }
    }
    return true;
  }

  private static final java.util.regex.Pattern WINDOW =
      java.util.regex.Pattern.compile("(?i)\\bover\\b|\\bqualify\\b|\\bwindow\\b");

  private Resolved resolve(QueryTree q, Scope outer) {
    Scope scope = new Scope(outer);
    for (Cte cte : q.ctes()) {
      scope.ctes.put(cte.name(), resolve(cte.query(), scope).renamed(cte.columnNames()));
    }
    List<Resolved> branches = new ArrayList<>();
    q.branches().forEach(select -> branches.add(select(select, scope)));
    List<String> names = branches.get(0).names();
    List<Set<ColumnRef>> columns = new ArrayList<>();
    Set<ColumnRef> frame = new TreeSet<>();
    boolean positional = true;
    for (Resolved r : branches) {
      positional &= branches.size() == 1 || r.positional() && r.names().size() == names.size();
      frame.addAll(r.frame());
    }
    if (positional) {
      // a set operation's branches line up by position
      names.forEach(n -> columns.add(new TreeSet<>()));
      branches.forEach(r -> {
        for (int i = 0; i < columns.size(); i++) {
          columns.get(i).addAll(r.columns().get(i));
        }
      });
    } else {
      // a star in a branch: which of its columns lines up with which is not known
      Set<ColumnRef> all = new TreeSet<>();
      branches.forEach(r -> all.addAll(r.everything()));
      names.forEach(n -> columns.add(all));
    }
    if (!q.trailing().isEmpty()) {
      // a set operation's ORDER BY/LIMIT: names there are its output columns
      Resolved out = new Resolved(names, columns, Set.of());
      for (Expr e : q.trailing()) {
        for (List<String> id : e.identifiers()) {
          frame.addAll(out.column(id.get(id.size() - 1)));
        }
        if (e.opaque()) {
          frame.addAll(out.everything());
        }
      }
    }
    return new Resolved(names, columns, frame);
  }

  private Resolved select(Select select, Scope outer) {
    Scope scope = new Scope(outer);
    Set<ColumnRef> frame = new TreeSet<>();
    for (FromItem item : select.from()) {
      if (item.subquery() != null) {
        Resolved r = resolve(item.subquery(), outer);
        frame.addAll(r.frame()); // its filters decide which rows this select sees
        if (!scope.sources.isEmpty() && correlated(item.subquery(), scope)) {
          // it names a table beside it (DuckDB's implicit LATERAL): it may read anything of them
          Set<ColumnRef> seen = visible(scope);
          frame.addAll(seen);
          List<Set<ColumnRef>> columns = new ArrayList<>();
          r.columns().forEach(c -> {
            Set<ColumnRef> u = new TreeSet<>(c);
            u.addAll(seen);
            columns.add(u);
          });
          r = new Resolved(r.names(), columns, r.frame());
        }
        scope.sources.add(new Source(item.alias(), null, r.renamed(item.columns())));
      } else if (item.table() != null) {
        List<String> parts = item.table();
        Resolved cte = parts.size() == 1 ? outer == null ? null : outer.cte(parts.get(0)) : null;
        if (cte != null) {
          frame.addAll(cte.frame());
          scope.sources.add(new Source(item.alias(), null, cte.renamed(item.columns())));
        } else if (!item.columns().isEmpty()) {
          // s.p AS q(i, g): its columns renamed by position, which this analysis does not know
          Set<ColumnRef> all = Set.of(new ColumnRef(tableName(parts), ColumnRef.ALL));
          scope.sources.add(new Source(item.alias(), null,
              new Resolved(List.of(ColumnRef.ALL), List.of(all), Set.of()).renamed(item.columns())));
        } else {
          scope.sources.add(new Source(item.alias(), tableName(parts), null));
        }
      } else {
        Set<ColumnRef> args = item.args() == null ? Set.of() : reads(item.args(), scope, null);
        frame.addAll(args);
        scope.sources.add(new Source(item.alias(), null,
            new Resolved(List.of(ColumnRef.ALL), List.of(args), Set.of())));
      }
    }
    List<String> names = new ArrayList<>();
    List<Set<ColumnRef>> columns = new ArrayList<>();
    for (Item item : select.items()) {
      names.add(item.star() || item.expr().starLike() ? ColumnRef.ALL : item.name());
      columns.add(reads(item.expr(), scope, null));
    }
    Resolved items = new Resolved(names, columns, Set.of());
    for (Expr e : select.frame()) {
      frame.addAll(reads(e, scope, items));
    }
    if (select.groupByAll()) {
      columns.forEach(frame::addAll); // it groups by every column that is not an aggregate
    }
    return new Resolved(names, columns, frame);
  }

  /** Whether {@code q} names (as a qualifier or a whole row) a table of {@code scope}: over-states, never misses. */
  private static boolean correlated(QueryTree q, Scope scope) {
    Set<String> names = new java.util.HashSet<>();
    for (Source s : scope.sources) {
      if (s.alias() != null) {
        names.add(s.alias());
      }
      if (s.table() != null) {
        names.add(s.table());
        names.add(s.table().substring(s.table().lastIndexOf('.') + 1));
      }
    }
    return names(q, names);
  }

  private static boolean names(QueryTree q, Set<String> names) {
    for (Cte c : q.ctes()) {
      if (names(c.query(), names)) {
        return true;
      }
    }
    for (Expr e : q.trailing()) {
      if (names(e, names)) {
        return true;
      }
    }
    for (Select s : q.branches()) {
      List<Expr> all = new ArrayList<>(s.frame());
      s.items().forEach(i -> all.add(i.expr()));
      for (FromItem f : s.from()) {
        if (f.args() != null) {
          all.add(f.args());
        }
        if (f.subquery() != null && names(f.subquery(), names)) {
          return true;
        }
      }
      for (Expr e : all) {
        if (names(e, names)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean names(Expr e, Set<String> names) {
    if (e.opaque()) {
      return true;
    }
    for (List<String> id : e.identifiers()) {
      for (String part : id) {
        if (names.contains(part)) {
          return true;
        }
      }
    }
    for (String star : e.stars()) {
      if (names.contains(star)) {
        return true;
      }
    }
    for (QueryTree sub : e.subqueries()) {
      if (names(sub, names)) {
        return true;
      }
    }
    return false;
  }

  /** A model's name from a table reference ({@code catalog.schema.table} too), else the name as written. */
  private String tableName(List<String> parts) {
    if (parts.size() >= 2) {
      String name = parts.get(parts.size() - 2) + "." + parts.get(parts.size() - 1);
      if (models.contains(name)) {
        return name;
      }
    }
    return String.join(".", parts);
  }

  /**
   * What {@code e} reads in {@code scope}; {@code items}, for a frame expression, are the select's
   * output columns, which {@code GROUP BY}/{@code ORDER BY}/{@code QUALIFY} may name.
   */
  private Set<ColumnRef> reads(Expr e, Scope scope, Resolved items) {
    Set<ColumnRef> out = new TreeSet<>();
    if (e.opaque()) {
      for (Scope s = scope; s != null; s = s.parent) {
        for (Source source : s.sources) {
          out.addAll(all(source));
        }
      }
      models.forEach(m -> out.add(new ColumnRef(m, ColumnRef.ALL))); // a query inside may read any model
      return out;
    }
    for (List<String> id : e.identifiers()) {
      Set<ColumnRef> refs = identifier(id, scope);
      boolean item = items != null && id.size() == 1 && items.names().contains(id.get(0));
      if (item) {
        out.addAll(items.named(id.get(0))); // GROUP BY/ORDER BY/QUALIFY naming a select item
      }
      if (refs.isEmpty() && !item) {
        refs = visible(scope); // a name we cannot place (a lambda's, an outer query's): it may be any
      }
      out.addAll(refs);
    }
    for (String star : e.stars()) {
      out.addAll(star(star, scope));
    }
    for (QueryTree sub : e.subqueries()) {
      out.addAll(resolve(sub, scope).everything());
    }
    return out;
  }

  private Set<ColumnRef> star(String qualifier, Scope scope) {
    Set<ColumnRef> out = new TreeSet<>();
    if (qualifier.isEmpty()) {
      scope.sources.forEach(s -> out.addAll(all(s)));
      return out;
    }
    Source source = qualified(qualifier, scope);
    if (source != null) {
      return all(source);
    }
    scope.sources.forEach(s -> out.addAll(all(s))); // an alias we cannot place: it may be any of them
    return out;
  }

  private static Set<ColumnRef> all(Source source) {
    return source.table() != null ? Set.of(new ColumnRef(source.table(), ColumnRef.ALL))
        : source.derived().everything();
  }

  private static Source qualified(String qualifier, Scope scope) {
    for (Scope s = scope; s != null; s = s.parent) {
      for (Source source : s.sources) {
        if (qualifier.equals(source.alias()) || qualifier.equals(source.table())) {
          return source;
        }
      }
    }
    return null;
  }

  private static Set<ColumnRef> column(Source source, String column) {
    return source.table() != null ? Set.of(tableColumn(source.table(), column)) : source.derived().column(column);
  }

  /**
   * System columns: their values are the physical table's (DuckDB's {@code rowid}, PostgreSQL's
   * {@code ctid}, {@code xmin}...), not any output column's, so a rebuilt table changes them.
   */
  private static final Set<String> SYSTEM_COLUMNS = Set.of("rowid", "ctid", "xmin", "xmax", "cmin", "cmax",
      "tableoid", "oid");

  /** A table's column as read: a system column reads every column (it changes whenever the table is rebuilt). */
  private static ColumnRef tableColumn(String table, String column) {
    return new ColumnRef(table, SYSTEM_COLUMNS.contains(column) ? ColumnRef.ALL : column);
  }

  /** Everything of every table in {@code scope} and the scopes around it. */
  private static Set<ColumnRef> visible(Scope scope) {
    Set<ColumnRef> out = new TreeSet<>();
    for (Scope s = scope; s != null; s = s.parent) {
      s.sources.forEach(source -> out.addAll(all(source)));
    }
    return out;
  }

  private Set<ColumnRef> identifier(List<String> id, Scope scope) {
    Set<ColumnRef> out = new TreeSet<>();
    int n = id.size();
    // a whole row: p in to_json(p), row_to_json(p), p::text, SELECT p (the name of a table in scope)
    Source whole = qualified(String.join(".", id), scope);
    if (whole != null) {
      out.addAll(all(whole));
    }
    if (n >= 2) {
      // t.c, s.t.c, cat.s.t.c; or t.c.field and c.field (struct access)
      for (int q = n - 2; q >= 0; q--) {
        Source source = qualified(String.join(".", id.subList(0, q + 1)), scope);
        if (source == null && q >= 1) {
          source = qualified(id.get(q), scope);
        }
        if (source != null) {
          out.addAll(column(source, id.get(q + 1)));
          return out;
        }
      }
      if (whole == null) {
        // s.p (a table's whole row by its name) or a struct field of a column: reads anything in scope
        out.addAll(visible(scope));
      }
    }
    String name = id.get(0);
    for (Scope s = scope; s != null; s = s.parent) {
      for (Source source : s.sources) {
        if (source == whole) {
          continue; // its whole row is read already; never a column named like the table
        }
        if (source.table() != null) {
          out.add(tableColumn(source.table(), name));
        } else if (source.derived().names().contains(name) || !source.derived().exact()) {
          out.addAll(source.derived().column(name)); // not exact: the name may be any of its columns
        }
      }
    }
    return out;
  }
}
