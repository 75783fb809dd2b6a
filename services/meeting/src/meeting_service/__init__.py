"""Meeting service: committees, their meetings, agendas and minutes (ระบบการประชุม)."""
