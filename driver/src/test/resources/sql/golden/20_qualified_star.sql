SELECT staging.orders.*, c.*, "staging"."customers".* EXCLUDE (name)
FROM staging.orders, staging.customers c
