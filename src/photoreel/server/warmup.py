"""Load the agent and the engine after the server listens, not before.

Importing them takes about as long as the rest of the server together, and a
backend that answers sooner makes the app's "Setting things up..." shorter and
every test that starts a server faster. Routes import them where they are used
(a function-level import, marked "see warmup.py"); this thread loads them in
the background right after start-up, so the first upload or chat turn rarely
waits for it.
"""

from __future__ import annotations

import importlib
import logging
import threading

HEAVY_MODULES = ("photoreel.engine", "photoreel.agent", "photoreel.analysis")


def _load() -> None:
    for name in HEAVY_MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # the route that needs it reports the failure to the person
            logging.getLogger("photoreel.server").exception("could not load %s", name)


def warm_up() -> threading.Thread:
    thread = threading.Thread(target=_load, name="photoreel-warmup", daemon=True)
    thread.start()
    return thread
