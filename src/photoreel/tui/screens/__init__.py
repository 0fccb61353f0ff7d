"""Screens over the main one: a question, the project list, the preview player."""
