-- The environment views a create or promotion is about to change, where views do not commit with
-- the state (Trino; option state): written and committed before the first view changes, deleted
-- after the state commits. A row left behind means the process died or failed between the two,
-- and those views may not match the state: the janitor, or the next create or promotion of the
-- environment, makes them match it again.
CREATE TABLE venv_state.view_intents (
  environment VARCHAR(40)  NOT NULL,
  model       VARCHAR(255) NOT NULL,
  PRIMARY KEY (environment, model)
)
