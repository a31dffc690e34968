-- name: q01_pricing_summary
SELECT l_returnflag, l_linestatus, SUM(l_quantity) AS sum_qty, SUM(l_extendedprice) AS sum_base_price,
  SUM(l_extendedprice * (1 - l_discount)) AS sum_disc_price,
  SUM(l_extendedprice * (1 - l_discount) * (1 + l_tax)) AS sum_charge, AVG(l_quantity) AS avg_qty,
  AVG(l_extendedprice) AS avg_price, AVG(l_discount) AS avg_disc, COUNT(*) AS count_order
FROM tpch.lineitem
WHERE l_shipdate <= DATE '1998-12-01' - INTERVAL '90' DAY
GROUP BY l_returnflag, l_linestatus
ORDER BY l_returnflag, l_linestatus
-- name: q02_minimum_cost_supplier
SELECT s.s_acctbal, s.s_name, n.n_name, p.p_partkey, p.p_mfgr, s.s_address, s.s_phone, s.s_comment
FROM tpch.part AS p JOIN tpch.partsupp AS ps ON p.p_partkey = ps.ps_partkey
JOIN tpch.supplier AS s ON s.s_suppkey = ps.ps_suppkey JOIN tpch.nation AS n ON s.s_nationkey = n.n_nationkey
JOIN tpch.region AS r ON n.n_regionkey = r.r_regionkey
WHERE p.p_size = 15 AND p.p_type LIKE '%BRASS' AND r.r_name = 'EUROPE'
  AND ps.ps_supplycost = (SELECT MIN(ps2.ps_supplycost) FROM tpch.partsupp AS ps2
    JOIN tpch.supplier AS s2 ON s2.s_suppkey = ps2.ps_suppkey JOIN tpch.nation AS n2 ON s2.s_nationkey = n2.n_nationkey
    JOIN tpch.region AS r2 ON n2.n_regionkey = r2.r_regionkey WHERE p.p_partkey = ps2.ps_partkey AND r2.r_name = 'EUROPE')
ORDER BY s.s_acctbal DESC, n.n_name, s.s_name, p.p_partkey
LIMIT 100
-- name: q03_shipping_priority
SELECT l.l_orderkey, SUM(l.l_extendedprice * (1 - l.l_discount)) AS revenue, o.o_orderdate, o.o_shippriority
FROM tpch.customer AS c JOIN tpch.orders AS o ON c.c_custkey = o.o_custkey
JOIN tpch.lineitem AS l ON l.l_orderkey = o.o_orderkey
WHERE c.c_mktsegment = 'BUILDING' AND o.o_orderdate < DATE '1995-03-15' AND l.l_shipdate > DATE '1995-03-15'
GROUP BY l.l_orderkey, o.o_orderdate, o.o_shippriority
ORDER BY revenue DESC, o.o_orderdate
LIMIT 10
-- name: q04_order_priority
SELECT o_orderpriority, COUNT(*) AS order_count
FROM tpch.orders AS o
WHERE o_orderdate >= DATE '1993-07-01' AND o_orderdate < DATE '1993-10-01'
  AND EXISTS (SELECT * FROM tpch.lineitem AS l WHERE l.l_orderkey = o.o_orderkey AND l.l_commitdate < l.l_receiptdate)
GROUP BY o_orderpriority
ORDER BY o_orderpriority
-- name: q05_local_supplier_volume
SELECT n.n_name, SUM(l.l_extendedprice * (1 - l.l_discount)) AS revenue
FROM tpch.customer c, tpch.orders o, tpch.lineitem l, tpch.supplier s, tpch.nation n, tpch.region r
WHERE c.c_custkey = o.o_custkey AND l.l_orderkey = o.o_orderkey AND l.l_suppkey = s.s_suppkey
  AND c.c_nationkey = s.s_nationkey AND s.s_nationkey = n.n_nationkey AND n.n_regionkey = r.r_regionkey
  AND r.r_name = 'ASIA' AND o.o_orderdate >= DATE '1994-01-01' AND o.o_orderdate < DATE '1995-01-01'
GROUP BY n.n_name
ORDER BY revenue DESC
-- name: q06_forecasting_revenue_change
SELECT SUM(l_extendedprice * l_discount) AS revenue
FROM tpch.lineitem
WHERE l_shipdate >= DATE '1994-01-01' AND l_shipdate < DATE '1995-01-01'
  AND l_discount BETWEEN 0.05 AND 0.07 AND l_quantity < 24
-- name: q07_volume_shipping
SELECT supp_nation, cust_nation, l_year, SUM(volume) AS revenue
FROM (
  SELECT n1.n_name AS supp_nation, n2.n_name AS cust_nation, EXTRACT(YEAR FROM l.l_shipdate) AS l_year,
    l.l_extendedprice * (1 - l.l_discount) AS volume
  FROM tpch.supplier s JOIN tpch.lineitem l ON s.s_suppkey = l.l_suppkey JOIN tpch.orders o ON o.o_orderkey = l.l_orderkey
  JOIN tpch.customer c ON c.c_custkey = o.o_custkey JOIN tpch.nation n1 ON s.s_nationkey = n1.n_nationkey
  JOIN tpch.nation n2 ON c.c_nationkey = n2.n_nationkey
  WHERE (n1.n_name = 'FRANCE' AND n2.n_name = 'GERMANY') OR (n1.n_name = 'GERMANY' AND n2.n_name = 'FRANCE')
) AS shipping
GROUP BY supp_nation, cust_nation, l_year
ORDER BY supp_nation, cust_nation, l_year
-- name: q08_market_share
SELECT o_year, SUM(CASE WHEN nation = 'BRAZIL' THEN volume ELSE 0 END) / SUM(volume) AS mkt_share
FROM (
  SELECT EXTRACT(YEAR FROM o.o_orderdate) AS o_year, l.l_extendedprice * (1 - l.l_discount) AS volume, n2.n_name AS nation
  FROM tpch.part p, tpch.supplier s, tpch.lineitem l, tpch.orders o, tpch.customer c, tpch.nation n1, tpch.nation n2,
    tpch.region r
  WHERE p.p_partkey = l.l_partkey AND s.s_suppkey = l.l_suppkey AND l.l_orderkey = o.o_orderkey
    AND o.o_custkey = c.c_custkey AND c.c_nationkey = n1.n_nationkey AND n1.n_regionkey = r.r_regionkey
    AND r.r_name = 'AMERICA' AND s.s_nationkey = n2.n_nationkey AND p.p_type = 'ECONOMY ANODIZED STEEL'
) AS all_nations
GROUP BY o_year
ORDER BY o_year
-- name: q09_product_type_profit
SELECT nation, o_year, SUM(amount) AS sum_profit
FROM (
  SELECT n.n_name AS nation, EXTRACT(YEAR FROM o.o_orderdate) AS o_year,
    l.l_extendedprice * (1 - l.l_discount) - ps.ps_supplycost * l.l_quantity AS amount
  FROM tpch.part p JOIN tpch.lineitem l ON p.p_partkey = l.l_partkey JOIN tpch.supplier s ON s.s_suppkey = l.l_suppkey
  JOIN tpch.partsupp ps ON ps.ps_suppkey = l.l_suppkey AND ps.ps_partkey = l.l_partkey
  JOIN tpch.orders o ON o.o_orderkey = l.l_orderkey JOIN tpch.nation n ON s.s_nationkey = n.n_nationkey
  WHERE p.p_name LIKE '%green%'
) AS profit
GROUP BY nation, o_year
ORDER BY nation, o_year DESC
-- name: q10_returned_item
SELECT c.c_custkey, c.c_name, SUM(l.l_extendedprice * (1 - l.l_discount)) AS revenue, c.c_acctbal, n.n_name,
  c.c_address, c.c_phone, c.c_comment
FROM tpch.customer c JOIN tpch.orders o ON c.c_custkey = o.o_custkey JOIN tpch.lineitem l ON l.l_orderkey = o.o_orderkey
JOIN tpch.nation n ON c.c_nationkey = n.n_nationkey
WHERE o.o_orderdate >= DATE '1993-10-01' AND o.o_orderdate < DATE '1994-01-01' AND l.l_returnflag = 'R'
GROUP BY c.c_custkey, c.c_name, c.c_acctbal, c.c_phone, n.n_name, c.c_address, c.c_comment
ORDER BY revenue DESC
LIMIT 20
-- name: q11_important_stock
SELECT ps.ps_partkey, SUM(ps.ps_supplycost * ps.ps_availqty) AS value_total
FROM tpch.partsupp ps JOIN tpch.supplier s ON ps.ps_suppkey = s.s_suppkey JOIN tpch.nation n ON s.s_nationkey = n.n_nationkey
WHERE n.n_name = 'GERMANY'
GROUP BY ps.ps_partkey
HAVING SUM(ps.ps_supplycost * ps.ps_availqty) > (
  SELECT SUM(ps2.ps_supplycost * ps2.ps_availqty) * 0.0001 FROM tpch.partsupp ps2
  JOIN tpch.supplier s2 ON ps2.ps_suppkey = s2.s_suppkey JOIN tpch.nation n2 ON s2.s_nationkey = n2.n_nationkey
  WHERE n2.n_name = 'GERMANY')
ORDER BY value_total DESC
-- name: q12_shipping_modes
SELECT l.l_shipmode,
  SUM(CASE WHEN o.o_orderpriority = '1-URGENT' OR o.o_orderpriority = '2-HIGH' THEN 1 ELSE 0 END) AS high_line_count,
  SUM(CASE WHEN o.o_orderpriority <> '1-URGENT' AND o.o_orderpriority <> '2-HIGH' THEN 1 ELSE 0 END) AS low_line_count
FROM tpch.orders o JOIN tpch.lineitem l ON o.o_orderkey = l.l_orderkey
WHERE l.l_shipmode IN ('MAIL', 'SHIP') AND l.l_commitdate < l.l_receiptdate AND l.l_shipdate < l.l_commitdate
  AND l.l_receiptdate >= DATE '1994-01-01' AND l.l_receiptdate < DATE '1995-01-01'
GROUP BY l.l_shipmode
ORDER BY l.l_shipmode
-- name: q13_customer_distribution
SELECT c_count, COUNT(*) AS custdist
FROM (
  SELECT c.c_custkey, COUNT(o.o_orderkey) AS c_count
  FROM tpch.customer c LEFT OUTER JOIN tpch.orders o ON c.c_custkey = o.o_custkey AND o.o_comment NOT LIKE '%special%requests%'
  GROUP BY c.c_custkey
) AS c_orders
GROUP BY c_count
ORDER BY custdist DESC, c_count DESC
-- name: q14_promotion_effect
SELECT 100.00 * SUM(CASE WHEN p.p_type LIKE 'PROMO%' THEN l.l_extendedprice * (1 - l.l_discount) ELSE 0 END)
  / SUM(l.l_extendedprice * (1 - l.l_discount)) AS promo_revenue
FROM tpch.lineitem l JOIN tpch.part p ON l.l_partkey = p.p_partkey
WHERE l.l_shipdate >= DATE '1995-09-01' AND l.l_shipdate < DATE '1995-10-01'
-- name: q15_top_supplier
WITH revenue0 AS (
  SELECT l_suppkey AS supplier_no, SUM(l_extendedprice * (1 - l_discount)) AS total_revenue
  FROM tpch.lineitem WHERE l_shipdate >= DATE '1996-01-01' AND l_shipdate < DATE '1996-04-01' GROUP BY l_suppkey)
SELECT s.s_suppkey, s.s_name, s.s_address, s.s_phone, r.total_revenue
FROM tpch.supplier s JOIN revenue0 r ON s.s_suppkey = r.supplier_no
WHERE r.total_revenue = (SELECT MAX(total_revenue) FROM revenue0)
ORDER BY s.s_suppkey
-- name: q16_parts_supplier_relationship
SELECT p.p_brand, p.p_type, p.p_size, COUNT(DISTINCT ps.ps_suppkey) AS supplier_cnt
FROM tpch.partsupp ps JOIN tpch.part p ON p.p_partkey = ps.ps_partkey
WHERE p.p_brand <> 'Brand#45' AND p.p_type NOT LIKE 'MEDIUM POLISHED%' AND p.p_size IN (49, 14, 23, 45, 19, 3, 36, 9)
  AND ps.ps_suppkey NOT IN (SELECT s_suppkey FROM tpch.supplier WHERE s_comment LIKE '%Customer%Complaints%')
GROUP BY p.p_brand, p.p_type, p.p_size
ORDER BY supplier_cnt DESC, p.p_brand, p.p_type, p.p_size
-- name: q17_small_quantity_order_revenue
SELECT SUM(l.l_extendedprice) / 7.0 AS avg_yearly
FROM tpch.lineitem l JOIN tpch.part p ON p.p_partkey = l.l_partkey
WHERE p.p_brand = 'Brand#23' AND p.p_container = 'MED BOX'
  AND l.l_quantity < (SELECT 0.2 * AVG(l2.l_quantity) FROM tpch.lineitem l2 WHERE l2.l_partkey = p.p_partkey)
-- name: q18_large_volume_customer
SELECT c.c_name, c.c_custkey, o.o_orderkey, o.o_orderdate, o.o_totalprice, SUM(l.l_quantity) AS total_quantity
FROM tpch.customer c JOIN tpch.orders o ON c.c_custkey = o.o_custkey JOIN tpch.lineitem l ON o.o_orderkey = l.l_orderkey
WHERE o.o_orderkey IN (SELECT l_orderkey FROM tpch.lineitem GROUP BY l_orderkey HAVING SUM(l_quantity) > 300)
GROUP BY c.c_name, c.c_custkey, o.o_orderkey, o.o_orderdate, o.o_totalprice
ORDER BY o.o_totalprice DESC, o.o_orderdate
LIMIT 100
-- name: q19_discounted_revenue
SELECT SUM(l.l_extendedprice * (1 - l.l_discount)) AS revenue
FROM tpch.lineitem l JOIN tpch.part p ON p.p_partkey = l.l_partkey
WHERE (p.p_brand = 'Brand#12' AND p.p_container IN ('SM CASE', 'SM BOX', 'SM PACK', 'SM PKG') AND l.l_quantity BETWEEN 1 AND 11)
   OR (p.p_brand = 'Brand#23' AND p.p_container IN ('MED BAG', 'MED BOX', 'MED PKG', 'MED PACK') AND l.l_quantity BETWEEN 10 AND 20)
-- name: q20_potential_part_promotion
SELECT s.s_name, s.s_address
FROM tpch.supplier s JOIN tpch.nation n ON s.s_nationkey = n.n_nationkey
WHERE s.s_suppkey IN (SELECT ps.ps_suppkey FROM tpch.partsupp ps
    WHERE ps.ps_partkey IN (SELECT p_partkey FROM tpch.part WHERE p_name LIKE 'forest%')
      AND ps.ps_availqty > (SELECT 0.5 * SUM(l_quantity) FROM tpch.lineitem WHERE l_partkey = ps.ps_partkey AND l_suppkey = ps.ps_suppkey))
  AND n.n_name = 'CANADA'
ORDER BY s.s_name
-- name: q21_suppliers_kept_orders_waiting
SELECT s.s_name, COUNT(*) AS numwait
FROM tpch.supplier s JOIN tpch.lineitem l1 ON s.s_suppkey = l1.l_suppkey JOIN tpch.orders o ON o.o_orderkey = l1.l_orderkey
JOIN tpch.nation n ON s.s_nationkey = n.n_nationkey
WHERE o.o_orderstatus = 'F' AND l1.l_receiptdate > l1.l_commitdate
  AND EXISTS (SELECT * FROM tpch.lineitem l2 WHERE l2.l_orderkey = l1.l_orderkey AND l2.l_suppkey <> l1.l_suppkey)
  AND NOT EXISTS (SELECT * FROM tpch.lineitem l3 WHERE l3.l_orderkey = l1.l_orderkey AND l3.l_suppkey <> l1.l_suppkey
    AND l3.l_receiptdate > l3.l_commitdate)
  AND n.n_name = 'SAUDI ARABIA'
GROUP BY s.s_name
ORDER BY numwait DESC, s.s_name
LIMIT 100
-- name: q22_global_sales_opportunity
SELECT cntrycode, COUNT(*) AS numcust, SUM(c_acctbal) AS totacctbal
FROM (
  SELECT SUBSTRING(c_phone FROM 1 FOR 2) AS cntrycode, c_acctbal
  FROM tpch.customer c
  WHERE SUBSTRING(c_phone FROM 1 FOR 2) IN ('13', '31', '23', '29', '30', '18', '17')
    AND c_acctbal > (SELECT AVG(c_acctbal) FROM tpch.customer WHERE c_acctbal > 0.00)
    AND NOT EXISTS (SELECT * FROM tpch.orders o WHERE o.o_custkey = c.c_custkey)
) AS custsale
GROUP BY cntrycode
ORDER BY cntrycode
