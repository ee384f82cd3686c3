"""HTTP layer: thin routers that parse requests and call services."""
