"""Process-wide plumbing: settings, database engine and sessions, error handling."""
