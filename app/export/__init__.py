"""Downloads: any list as CSV or NDJSON, and the whole dataset as a Frictionless Data Package.

Everything here streams: rows are fetched in batches through a server-side cursor on
a connection the export opens itself, so memory stays flat whatever the size.
"""
