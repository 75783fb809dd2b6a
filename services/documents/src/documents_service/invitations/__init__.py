"""Invitation letters the meeting service asks for: sent as ordinary external letters with the agenda pack."""
