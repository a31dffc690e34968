package dev.venv.jdbc;

/**
 * A SQL text ready for the backend.
 *
 * @param sql        the text to send: model references spliced to physical names, every other byte kept
 * @param newSchema  the logical session schema the text sets ({@code USE s}, {@code SET schema}),
 *                   or {@code null} when it sets none
 */
record Routed(String sql, String newSchema) {}
