"""API shapes: what writers send (XCreate, XUpdate) and what readers get (XPublic)."""
