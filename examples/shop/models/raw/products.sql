MODEL (name raw.products, kind seed (path '../../seeds/products.csv'), owner 'data-platform', grain product_id);
