"""Files of letters: content-addressed in the object store."""
