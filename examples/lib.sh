# Sourced by the quickstart and the examples' run scripts: the driver jar, the shop repository's
# dev copy, the client libraries' class path and the check of an example's output. Runs from the
# repository's root.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

jar=driver/target/venv-jdbc.jar

# Builds driver/target/venv-jdbc.jar when it is missing or older than the sources.
build_jar_if_stale() {
  if [ ! -f "$jar" ] || [ -n "$(find pom.xml state driver -newer "$jar" \( -name '*.java' -o -name '*.sql' -o -name pom.xml \) -print -quit)" ]; then
    echo "== Building $jar" >&2
    mvn -B -q -DskipTests package -pl driver -am
  fi
}

# shop_dev_copy DIR: a copy of examples/shop in DIR with the one change every example's dev
# environment has: marts.customer_orders counts only completed orders in order_count.
shop_dev_copy() {
  rm -rf "$1"
  cp -r examples/shop "$1"
  sed -i 's/COUNT(v.order_id)    /COUNT(CASE WHEN v.order_status = '"'"'completed'"'"' THEN v.order_id END)/' \
    "$1/models/marts/customer_orders.sql"
  if ! grep -q "THEN v.order_id END" "$1/models/marts/customer_orders.sql"; then
    echo "shop_dev_copy: examples/shop/models/marts/customer_orders.sql changed; the dev change no longer applies" >&2
    return 1
  fi
}

# example_work NAME: a fresh examples/target/NAME holding shop-dev, the dev copy of the shop;
# the example's warehouse goes beside it. Each run starts from scratch.
example_work() {
  build_jar_if_stale
  rm -rf "examples/target/$1"
  mkdir -p "examples/target/$1"
  shop_dev_copy "examples/target/$1/shop-dev"
}

# The class path of the client libraries in examples/pom.xml (HikariCP, Spring JDBC, sqlline).
client_classpath() {
  local file=examples/target/classpath.txt
  if [ ! -f "$file" ] || [ examples/pom.xml -nt "$file" ] || [ pom.xml -nt "$file" ]; then
    mvn -B -q -Dstyle.color=never -f examples/pom.xml dependency:build-classpath -Dmdep.outputFile=target/classpath.txt >&2
  fi
  cat "$file"
}

# expect_output EXPECTED COMMAND...: runs COMMAND, shows its standard output and fails (exit 1)
# unless that output is the file EXPECTED, line for line.
expect_output() {
  local expected="$1" actual status=0
  shift
  actual="$(mktemp)"
  "$@" >"$actual" || status=$?
  cat "$actual"
  if [ "$status" -ne 0 ]; then
    echo "FAILED: the example exited with $status" >&2
  elif ! diff -u "$expected" "$actual" >&2; then
    echo "FAILED: the example's output is not $expected (diff above)" >&2
    status=1
  else
    echo "OK: the output is $expected" >&2
  fi
  rm -f "$actual"
  return "$status"
}
