package dev.venv.sql;

/**
 * One reference to a model in SQL text, found by {@link ModelReferenceRewriter#find(String)}.
 *
 * @param model the model's name, {@code schema.table} in lower case
 * @param start offset of the reference's {@code schema} part in the source
 * @param end   offset just past its {@code table} part; a catalog before or a column after the
 *              span is not part of it
 */
public record ModelReference(String model, int start, int end) {
}
