"""Letter search: Thai-aware full text over subject, number, sender and body, within what the caller may see."""
