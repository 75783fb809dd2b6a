"""Meeting's copy of the directory's agencies (to check committee members against it)."""
