SELECT orders.id FROM orders JOIN customers USING (customer_id) JOIN revenue ON true
