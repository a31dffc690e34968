-- name: ds03_brand_sales_by_year
SELECT dt.d_year, item.i_brand_id AS brand_id, item.i_brand AS brand, SUM(ss.ss_ext_sales_price) AS sum_agg
FROM tpcds.date_dim dt JOIN tpcds.store_sales ss ON dt.d_date_sk = ss.ss_sold_date_sk
JOIN tpcds.item item ON ss.ss_item_sk = item.i_item_sk
WHERE item.i_manufact_id = 128 AND dt.d_moy = 11
GROUP BY dt.d_year, item.i_brand, item.i_brand_id
ORDER BY dt.d_year, sum_agg DESC, brand_id
LIMIT 100
-- name: ds07_promotional_items
SELECT i.i_item_id, AVG(ss.ss_quantity) AS agg1, AVG(ss.ss_list_price) AS agg2, AVG(ss.ss_coupon_amt) AS agg3,
  AVG(ss.ss_sales_price) AS agg4
FROM tpcds.store_sales ss, tpcds.customer_demographics cd, tpcds.date_dim d, tpcds.item i, tpcds.promotion p
WHERE ss.ss_sold_date_sk = d.d_date_sk AND ss.ss_item_sk = i.i_item_sk AND ss.ss_cdemo_sk = cd.cd_demo_sk
  AND ss.ss_promo_sk = p.p_promo_sk AND cd.cd_gender = 'M' AND cd.cd_marital_status = 'S'
  AND (p.p_channel_email = 'N' OR p.p_channel_event = 'N') AND d.d_year = 2000
GROUP BY i.i_item_id
ORDER BY i.i_item_id
-- name: ds12_web_item_revenue_ratio
SELECT i.i_item_id, i.i_item_desc, i.i_category, i.i_class, i.i_current_price,
  SUM(ws.ws_ext_sales_price) AS itemrevenue,
  SUM(ws.ws_ext_sales_price) * 100 / SUM(SUM(ws.ws_ext_sales_price)) OVER (PARTITION BY i.i_class) AS revenueratio
FROM tpcds.web_sales ws JOIN tpcds.item i ON ws.ws_item_sk = i.i_item_sk JOIN tpcds.date_dim d ON ws.ws_sold_date_sk = d.d_date_sk
WHERE i.i_category IN ('Sports', 'Books', 'Home') AND d.d_date BETWEEN CAST('1999-02-22' AS DATE) AND CAST('1999-03-24' AS DATE)
GROUP BY i.i_item_id, i.i_item_desc, i.i_category, i.i_class, i.i_current_price
ORDER BY i.i_category, i.i_class, i.i_item_id, i.i_item_desc, revenueratio
LIMIT 100
-- name: ds19_brand_manager
SELECT i.i_brand_id AS brand_id, i.i_brand AS brand, i.i_manufact_id, i.i_manufact, SUM(ss.ss_ext_sales_price) AS ext_price
FROM tpcds.date_dim d JOIN tpcds.store_sales ss ON d.d_date_sk = ss.ss_sold_date_sk JOIN tpcds.item i ON ss.ss_item_sk = i.i_item_sk
JOIN tpcds.customer c ON ss.ss_customer_sk = c.c_customer_sk JOIN tpcds.customer_address ca ON c.c_current_addr_sk = ca.ca_address_sk
JOIN tpcds.store s ON ss.ss_store_sk = s.s_store_sk
WHERE i.i_manager_id = 8 AND d.d_moy = 11 AND d.d_year = 1998 AND SUBSTR(ca.ca_zip, 1, 5) <> SUBSTR(s.s_zip, 1, 5)
GROUP BY i.i_brand, i.i_brand_id, i.i_manufact_id, i.i_manufact
ORDER BY ext_price DESC, brand, brand_id, i.i_manufact_id, i.i_manufact
LIMIT 100
-- name: ds27_state_item_averages
SELECT i.i_item_id, s.s_state, GROUPING(s.s_state) AS g_state, AVG(ss.ss_quantity) AS agg1, AVG(ss.ss_list_price) AS agg2
FROM tpcds.store_sales ss JOIN tpcds.customer_demographics cd ON ss.ss_cdemo_sk = cd.cd_demo_sk
JOIN tpcds.date_dim d ON ss.ss_sold_date_sk = d.d_date_sk JOIN tpcds.store s ON ss.ss_store_sk = s.s_store_sk
JOIN tpcds.item i ON ss.ss_item_sk = i.i_item_sk
WHERE cd.cd_gender = 'M' AND cd.cd_marital_status = 'S' AND d.d_year = 2002 AND s.s_state IN ('TN', 'SD')
GROUP BY ROLLUP (i.i_item_id, s.s_state)
ORDER BY i.i_item_id, s.s_state
LIMIT 100
-- name: ds36_gross_margin_rank
SELECT SUM(ss.ss_net_profit) / SUM(ss.ss_ext_sales_price) AS gross_margin, i.i_category, i.i_class,
  GROUPING(i.i_category) + GROUPING(i.i_class) AS lochierarchy,
  RANK() OVER (PARTITION BY GROUPING(i.i_category) + GROUPING(i.i_class),
    CASE WHEN GROUPING(i.i_class) = 0 THEN i.i_category END
    ORDER BY SUM(ss.ss_net_profit) / SUM(ss.ss_ext_sales_price) ASC) AS rank_within_parent
FROM tpcds.store_sales ss JOIN tpcds.date_dim d1 ON d1.d_date_sk = ss.ss_sold_date_sk
JOIN tpcds.item i ON i.i_item_sk = ss.ss_item_sk JOIN tpcds.store s ON s.s_store_sk = ss.ss_store_sk
WHERE d1.d_year = 2001 AND s.s_state IN ('TN')
GROUP BY ROLLUP (i.i_category, i.i_class)
-- name: ds42_category_sales
SELECT dt.d_year, item.i_category_id, item.i_category, SUM(ss.ss_ext_sales_price) AS total
FROM tpcds.date_dim dt, tpcds.store_sales ss, tpcds.item item
WHERE dt.d_date_sk = ss.ss_sold_date_sk AND ss.ss_item_sk = item.i_item_sk AND item.i_manager_id = 1
  AND dt.d_moy = 11 AND dt.d_year = 2000
GROUP BY dt.d_year, item.i_category_id, item.i_category
ORDER BY total DESC, dt.d_year, item.i_category_id, item.i_category
LIMIT 100
-- name: ds52_brand_extended_price
SELECT dt.d_year, item.i_brand_id AS brand_id, item.i_brand AS brand, SUM(ss.ss_ext_sales_price) AS ext_price
FROM tpcds.date_dim dt JOIN tpcds.store_sales ss ON dt.d_date_sk = ss.ss_sold_date_sk
JOIN tpcds.item item ON ss.ss_item_sk = item.i_item_sk
WHERE item.i_manager_id = 1 AND dt.d_moy = 11 AND dt.d_year = 2000
GROUP BY dt.d_year, item.i_brand, item.i_brand_id
ORDER BY dt.d_year, ext_price DESC, brand_id
LIMIT 100
-- name: ds55_brand_by_manager
SELECT i.i_brand_id AS brand_id, i.i_brand AS brand, SUM(ss.ss_ext_sales_price) AS ext_price
FROM tpcds.date_dim d JOIN tpcds.store_sales ss ON d.d_date_sk = ss.ss_sold_date_sk JOIN tpcds.item i ON ss.ss_item_sk = i.i_item_sk
WHERE i.i_manager_id = 28 AND d.d_moy = 11 AND d.d_year = 1999
GROUP BY i.i_brand, i.i_brand_id
ORDER BY ext_price DESC, i.i_brand_id
LIMIT 100
-- name: ds96_store_sales_count
SELECT COUNT(*) AS sales_count
FROM tpcds.store_sales ss JOIN tpcds.household_demographics hd ON ss.ss_hdemo_sk = hd.hd_demo_sk
JOIN tpcds.time_dim t ON ss.ss_sold_time_sk = t.t_time_sk JOIN tpcds.store s ON ss.ss_store_sk = s.s_store_sk
WHERE t.t_hour = 20 AND t.t_minute >= 30 AND hd.hd_dep_count = 7 AND s.s_store_name = 'ese'
-- name: ds98_item_revenue_ratio_union
WITH sales AS (
  SELECT ss_item_sk AS item_sk, ss_ext_sales_price AS price FROM tpcds.store_sales
  UNION ALL
  SELECT ws_item_sk AS item_sk, ws_ext_sales_price AS price FROM tpcds.web_sales)
SELECT i.i_item_id, i.i_category, SUM(s.price) AS itemrevenue
FROM sales s JOIN tpcds.item i ON i.i_item_sk = s.item_sk
GROUP BY i.i_item_id, i.i_category
ORDER BY i.i_category, i.i_item_id
