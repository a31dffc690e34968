SELECT {'id': o.id, 'customer': {'name': c.name}} AS doc, doc.customer.name, {'t': 'staging.orders'}
FROM staging.orders o, staging.customers c
