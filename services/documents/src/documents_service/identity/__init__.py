"""Sign-in of people and agency systems, API keys."""
