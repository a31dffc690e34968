-- A snapshot is (model, fingerprint), never the fingerprint alone: two models with one query have
-- one fingerprint and must be two snapshots. V001 keyed snapshots and their metadata on the
-- fingerprint; this re-keys both on (model, fingerprint), keeping every row.
--
-- Copy into new tables and rename: DuckDB cannot drop or change a primary key in place.
-- Statements are separated by semicolons at line ends; keep them free of semicolons inside.
CREATE TABLE venv_state.snapshots_v2 (
  model                  VARCHAR(255) NOT NULL,
  fingerprint            VARCHAR(64)  NOT NULL,
  data_fingerprint       VARCHAR(64)  NOT NULL,
  metadata_fingerprint   VARCHAR(64)  NOT NULL,
  definition_fingerprint VARCHAR(64)  NOT NULL,
  version                VARCHAR(16)  NOT NULL,
  kind                   VARCHAR(16)  NOT NULL,
  physical_schema        VARCHAR(255) NOT NULL,
  physical_table         VARCHAR(255) NOT NULL,
  query_text             TEXT         NOT NULL,
  parents                TEXT         NOT NULL,
  model_path             TEXT         NOT NULL,
  created_at             TIMESTAMP    NOT NULL,
  PRIMARY KEY (model, fingerprint)
);
INSERT INTO venv_state.snapshots_v2 (model, fingerprint, data_fingerprint, metadata_fingerprint,
  definition_fingerprint, version, kind, physical_schema, physical_table, query_text, parents, model_path, created_at)
SELECT model, fingerprint, data_fingerprint, metadata_fingerprint, definition_fingerprint, version, kind,
  physical_schema, physical_table, query_text, parents, model_path, created_at
FROM venv_state.snapshots;
-- Under V001 a plan could hold t.b at a fingerprint whose one row is s.a's (one query). Record
-- (t.b, fingerprint) as a snapshot of its own: on t.b's own object of that version when one was
-- built (a create that made both), else on the object the row names (a promotion pointed t.b's
-- view there). Either holds the same definition's data; no environment loses its route.
INSERT INTO venv_state.snapshots_v2 (model, fingerprint, data_fingerprint, metadata_fingerprint,
  definition_fingerprint, version, kind, physical_schema, physical_table, query_text, parents, model_path, created_at)
SELECT DISTINCT ps.model, s.fingerprint, s.data_fingerprint, s.metadata_fingerprint, s.definition_fingerprint,
  s.version, s.kind, COALESCE(o.physical_schema, s.physical_schema), COALESCE(o.physical_table, s.physical_table),
  s.query_text, s.parents, s.model_path, s.created_at
FROM venv_state.plan_snapshots ps
JOIN venv_state.snapshots s ON s.fingerprint = ps.fingerprint
LEFT JOIN venv_state.physical_objects o ON o.model = ps.model AND o.version = s.version
WHERE ps.model <> s.model;
CREATE TABLE venv_state.snapshot_metadata_v2 (
  model       VARCHAR(255) NOT NULL,
  fingerprint VARCHAR(64)  NOT NULL,
  property    VARCHAR(255) NOT NULL,
  value_text  TEXT         NOT NULL,
  PRIMARY KEY (model, fingerprint, property)
);
INSERT INTO venv_state.snapshot_metadata_v2 (model, fingerprint, property, value_text)
SELECT s.model, m.fingerprint, m.property, m.value_text
FROM venv_state.snapshot_metadata m
JOIN venv_state.snapshots_v2 s ON s.fingerprint = m.fingerprint;
DROP TABLE venv_state.snapshot_metadata;
DROP TABLE venv_state.snapshots;
ALTER TABLE venv_state.snapshots_v2 RENAME TO snapshots;
ALTER TABLE venv_state.snapshot_metadata_v2 RENAME TO snapshot_metadata
