"""Meeting service: committees, their meetings, agendas and minutes (ระบบการประชุม)."""

SERVICE = "meeting"  # the producer named in its events
