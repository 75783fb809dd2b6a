"""Printing an official letter: one template per kind drives both the browser preview (HTML) and the PDF."""
