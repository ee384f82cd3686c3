"""Who may write: tokens, their CLI, and the auth matrix over every write operation."""
