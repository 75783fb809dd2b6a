"""Documents service: official letters (หนังสือราชการ) routed between agencies."""

SERVICE = "documents"  # the producer named in its events
