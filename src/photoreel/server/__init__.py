"""photoreel's local backend: the image-to-video protocol served by FastAPI.

`app.create_app` builds the application, `serve` runs it (`photoreel serve`),
`embedded` starts it privately for the app and `photoreel make`. Routes live in
`routes/`, the SQLite store in `store.py`, uploads in `uploads.py`, chat turns
in `turns.py`, render jobs in `renders.py`. docs/SERVER.md describes the flags,
the store and what photoreel adds to the protocol.
"""
