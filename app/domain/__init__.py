"""Pure-Python domain helpers (no I/O, no framework imports) shared by models, API and seed code."""
