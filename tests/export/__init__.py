"""Downloads: CSV and NDJSON lists, the data package, and what streaming them costs."""
