SELECT c.name, t.x FROM raw.customers c JOIN information_schema.tables t ON true WHERE c.staging = 'orders'
