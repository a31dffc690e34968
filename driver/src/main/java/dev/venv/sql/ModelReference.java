package dev.venv.sql;

/**
 * One reference to a model in SQL text, found by {@link ModelReferenceRewriter#find(String)}.
 *
 * @param model the model's name, {@code schema.table} in lower case
 * @param start offset of the reference's {@code schema} part in the source, or of its catalog
 *              where it has one (the catalog is replaced too)
 * @param end   offset just past its {@code table} part; a column after the span is not part of it
 * @param role  how the span is rewritten
 */
public record ModelReference(String model, int start, int end, Role role) {

  /** How a reference is rewritten. */
  public enum Role {
    /** Replaced by the physical name. */
    NAME,
    /**
     * A FROM-list table without an alias: replaced by the physical name followed by
     * {@code AS <table>}, so the implicit alias the query may use still holds.
     */
    TABLE_WITHOUT_ALIAS,
    /**
     * The qualifier of a column ({@code [cat.]schema.table.col}, the span covering the catalog
     * too): replaced by the table name alone, the alias its FROM-list table carries.
     */
    COLUMN_QUALIFIER
  }
}
