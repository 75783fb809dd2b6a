"""Documents service: official letters (หนังสือราชการ) routed between agencies."""
