-- The first state schema. Statements are separated by semicolons at line ends; keep them free
-- of semicolons inside.
CREATE TABLE venv_state.snapshots (
  fingerprint            VARCHAR(64)  PRIMARY KEY,
  model                  VARCHAR(255) NOT NULL,
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
  created_at             TIMESTAMP    NOT NULL
);
CREATE TABLE venv_state.snapshot_metadata (
  fingerprint VARCHAR(64)  NOT NULL,
  property    VARCHAR(255) NOT NULL,
  value_text  TEXT         NOT NULL,
  PRIMARY KEY (fingerprint, property)
);
CREATE TABLE venv_state.physical_objects (
  physical_schema VARCHAR(255) NOT NULL,
  physical_table  VARCHAR(255) NOT NULL,
  model           VARCHAR(255) NOT NULL,
  version         VARCHAR(16)  NOT NULL,
  object_type     VARCHAR(16)  NOT NULL,
  built_at        TIMESTAMP    NOT NULL,
  PRIMARY KEY (physical_schema, physical_table)
);
CREATE TABLE venv_state.plans (
  plan_id            VARCHAR(32) PRIMARY KEY,
  environment        VARCHAR(40) NOT NULL,
  source_environment VARCHAR(40),
  created_at         TIMESTAMP   NOT NULL
);
CREATE TABLE venv_state.plan_snapshots (
  plan_id     VARCHAR(32)  NOT NULL,
  model       VARCHAR(255) NOT NULL,
  fingerprint VARCHAR(64)  NOT NULL,
  PRIMARY KEY (plan_id, model)
);
CREATE TABLE venv_state.environments (
  name               VARCHAR(40) PRIMARY KEY,
  plan_id            VARCHAR(32) NOT NULL,
  previous_plan_id   VARCHAR(32),
  source_environment VARCHAR(40),
  created_at         TIMESTAMP   NOT NULL,
  finalized_at       TIMESTAMP   NOT NULL,
  last_used_at       TIMESTAMP   NOT NULL,
  ttl_seconds        BIGINT,
  expires_at         TIMESTAMP
);
CREATE TABLE venv_state.state_version (
  id      INTEGER PRIMARY KEY,
  version BIGINT  NOT NULL
);
INSERT INTO venv_state.state_version (id, version) VALUES (1, 0);
