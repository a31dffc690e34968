/* outer /* inner staging.orders */ still outer staging.orders */ SELECT 1 FROM venv__staging.staging__orders__1a2b3c4d5e6f7a8b AS "orders"
/* a */ /*/ staging.customers */
