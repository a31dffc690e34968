SELECT $$SELECT * FROM staging.orders$$ AS body,
       $fn$ 'staging.customers' $$ analytics.revenue $fn$ AS tagged,
       $q$staging.orders$q$
FROM venv__analytics.analytics__revenue__9a8b7c6d5e4f3a2b AS "revenue"
