"""Sign-in of people and agency systems, API keys, people's accounts and permissions."""
