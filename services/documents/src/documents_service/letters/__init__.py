"""Official letters between agencies: drafting, numbering, delivery, handling."""
