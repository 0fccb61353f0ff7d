"""The app's panes, one widget a file, named for what it shows."""
