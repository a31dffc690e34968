/* outer /* inner staging.orders */ still outer staging.orders */ SELECT 1 FROM staging.orders
/* a */ /*/ staging.customers */
