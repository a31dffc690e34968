SELECT $$SELECT * FROM staging.orders$$ AS body,
       $fn$ 'staging.customers' $$ analytics.revenue $fn$ AS tagged,
       $q$staging.orders$q$
FROM analytics.revenue
