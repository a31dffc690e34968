-- Which backend (warehouse) a state kept in a database of its own (option state) belongs to: one
-- state database serves one warehouse. Two warehouses sharing one would each find the other's
-- physical objects recorded as built, and each janitor would drop what the other holds. A state in
-- its backend itself leaves this empty.
CREATE TABLE venv_state.backend (
  id          INTEGER       PRIMARY KEY,
  identity    VARCHAR(2000) NOT NULL,
  recorded_at TIMESTAMP     NOT NULL
)
