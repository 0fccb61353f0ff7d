"""The terminal app: panes, keys and workers.

It talks to the backend only through `photoreel.client`.
"""
