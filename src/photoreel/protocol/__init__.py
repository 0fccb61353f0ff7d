"""The wire contract, as pydantic models: no I/O lives here.

Everything that crosses a boundary (HTTP bodies, SSE events, the draft, error
codes, supported formats) is defined once in this package and imported
everywhere else.
"""
