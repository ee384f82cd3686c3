"""The one query language every list speaks: filters, sorting, cursors, expansion."""
