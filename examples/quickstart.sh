#!/usr/bin/env bash
# The venv-jdbc quickstart, on embedded DuckDB and the examples/shop model repository:
# creates prod, then dev from a copy in which one mid-graph model changed, and shows what dev
# shares with prod and what it built. Everything it makes is in quickstart-work/.
source "$(dirname "$0")/lib.sh"
build_jar_if_stale
venv() { java -jar "$jar" "$@"; }

work=quickstart-work
rm -rf "$work"
mkdir -p "$work"
url="jdbc:duckdb:$work/warehouse.db"

echo
echo "== 1. Create prod from examples/shop/models"
venv create prod --url "$url" --models examples/shop/models

echo
echo "== 2. Copy the repository and change one mid-graph model (marts.customer_orders)"
shop_dev_copy "$work/shop-dev"
diff -u examples/shop/models/marts/customer_orders.sql "$work/shop-dev/models/marts/customer_orders.sql" || true

echo
echo "== 3. Plan dev: what would change, what would be built"
venv plan dev --url "$url" --models "$work/shop-dev/models"

echo
echo "== 4. Create dev: builds the changed model and the descendants that read what changed, shares the rest"
venv create dev --url "$url" --models "$work/shop-dev/models"

echo
echo "== 5. The environments"
venv list --url "$url"

echo
echo "== 6. A picture of dev: each model coloured by what creating dev did to it (open it in a browser)"
venv graph dev --url "$url" -o "$work/dev-graph.html"

echo
echo "== 7. The same SQL through jdbc:venv:prod: and jdbc:venv:dev:"
java -cp "$jar" examples/ReadEnvironments.java "$work/warehouse.db"

echo
echo "Done. prod's views are in schemas raw, staging, marts; dev's in raw__dev, staging__dev, marts__dev,"
echo "all in $work/warehouse.db. dev's picture: $work/dev-graph.html. Run it again any time: it starts from scratch."
