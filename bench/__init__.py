"""Benchmark tooling: a synthetic data generator (bench.generate) and a load test against Datasette (bench.run).

Nothing here is imported by the application; it only reads the app's models,
migrations and pure helpers so that generated data is what the API would store.
"""
