"""The seeded cases: data files under seed/cases and the loader that validates and loads them."""
