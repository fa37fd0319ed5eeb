"""The finance pages: budgets, co-financing, scenarios and rates (one module each)."""
