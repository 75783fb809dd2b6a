"""The agency directory: agencies, units, people, distribution lists."""
