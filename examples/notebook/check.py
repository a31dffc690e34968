"""Runs prod_vs_dev.ipynb headless (nbclient) and checks what it computed: prod and dev differ
exactly where dev's change says they should. dev's marts.customer_orders counts only completed
orders in order_count, so dev's order_count is prod's completed_orders, every other column is
prod's, and the customers with orders not completed are the ones that differ. Exits 1 otherwise.

Writes the executed notebook to ../target/notebook/prod_vs_dev.ipynb, to open and look at."""
import json
import os
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

here = Path(__file__).resolve().parent
executed = here.parent / 'target' / 'notebook' / 'prod_vs_dev.ipynb'
os.environ.setdefault('PYDEVD_DISABLE_FILE_VALIDATION', '1')  # quiets ipykernel's debugger warning

nb = nbformat.read(here / 'prod_vs_dev.ipynb', as_version=4)
# One more cell, run after the notebook's own and left out of the executed copy: what it computed.
nb.cells.append(nbformat.v4.new_code_cell(
    "import json\n"
    "print(json.dumps({name: frame.reset_index().to_dict('records') for name, frame in"
    " [('prod', prod), ('dev', dev), ('changed', changed.droplevel(1, axis=1))]}, default=str))"))
NotebookClient(nb, timeout=300, resources={'metadata': {'path': str(here)}}).execute()
computed = json.loads(''.join(o['text'] for o in nb.cells.pop()['outputs'] if o.get('name') == 'stdout'))
nbformat.write(nb, executed)

failures = []
def check(ok, what, detail):
    """Prints what was checked; on failure also what was found."""
    print(f'ok     {what}' if ok else f'FAILED {what}: {detail}')
    if not ok:
        failures.append(what)

prod = {row['customer_id']: row for row in computed['prod']}
dev = {row['customer_id']: row for row in computed['dev']}
check(len(prod) == 12 and prod.keys() == dev.keys(), 'prod and dev hold the same 12 customers',
      f'prod {sorted(prod)}, dev {sorted(dev)}')
not_completed = [c for c, p in prod.items() if dev.get(c, {}).get('order_count') != p['completed_orders']]
check(not not_completed, "dev's order_count is prod's completed_orders, for every customer",
      f'not for customers {not_completed}')
others = [(c, col) for c, p in prod.items() for col in p if col != 'order_count' and p[col] != dev.get(c, {}).get(col)]
check(not others, 'no other column differs', f'(customer, column) {others}')
expected = sorted(c for c, p in prod.items() if p['order_count'] != p['completed_orders'])
shown = sorted(row['customer_id'] for row in computed['changed'])
check(expected and shown == expected, f'the notebook shows the customers whose rows differ: {expected}',
      f'it shows {shown}')
columns = {c for row in computed['changed'] for c in row} - {'customer_id'}
check(columns == {'order_count'}, 'the notebook shows order_count as the only column that differs',
      f'it shows {sorted(columns)}')
tables = [o for c in nb.cells if c.cell_type == 'code' for o in c.outputs if 'text/html' in o.get('data', {})]
check(len(tables) == 2, 'the notebook displays two tables: side by side, and what differs', f'it displays {len(tables)}')

print(f'executed notebook: {executed}')
print(f'{len(failures)} failed' if failures else 'the notebook computed what dev\'s change says')
sys.exit(1 if failures else 0)
