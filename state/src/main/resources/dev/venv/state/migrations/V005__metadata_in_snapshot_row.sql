-- A snapshot's metadata (owner, description, tags, grain, cron, unknown properties, as written)
-- moves from a row per property into one column of the snapshot's row. Each property row repeated
-- the snapshot's key (model and a 64-character fingerprint): about 120 bytes a property, 4 to 5
-- properties a model, so most of what a first build wrote to the state besides the snapshot rows,
-- and DuckDB's write-ahead log crossed its checkpoint threshold inside builds that the same DDL
-- without venv stays below. The column is SnapshotMetadata's text: name=value lines, in each a
-- backslash, a line feed and = escaped as \\, \n and \=. Empty when there is no metadata.
--
-- Statements are separated by semicolons at line ends; keep them free of semicolons inside.
ALTER TABLE venv_state.snapshots ADD COLUMN metadata_text TEXT DEFAULT '';
UPDATE venv_state.snapshots SET metadata_text = m.metadata_text
FROM (
  SELECT model, fingerprint, string_agg(
      replace(replace(replace(property, '\', '\\'), chr(10), '\n'), '=', '\=') || '='
        || replace(replace(replace(value_text, '\', '\\'), chr(10), '\n'), '=', '\='),
      chr(10) ORDER BY property) AS metadata_text
  FROM venv_state.snapshot_metadata
  GROUP BY model, fingerprint
) m
WHERE snapshots.model = m.model AND snapshots.fingerprint = m.fingerprint;
UPDATE venv_state.snapshots SET metadata_text = '' WHERE metadata_text IS NULL;
DROP TABLE venv_state.snapshot_metadata
