"""The FastAPI application: routers, the envelope error handlers, the backend's life.

`create_app(settings)` is all a process needs; `photoreel serve` hands it to
uvicorn and tests start that command on a real socket.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from photoreel import __version__, locations
from photoreel.server.backend import Backend
from photoreel.server.errors import install_error_handlers
from photoreel.server.hosted import NamesItself
from photoreel.server.limits import BodyLimit
from photoreel.server.routes import (
    auth,
    chat,
    credits,
    farm,
    info,
    media,
    preview,
    render,
    sessions,
    state,
    storyboard,
    upload,
)
from photoreel.server.settings import ServerSettings

DESCRIPTION = """photoreel's local backend for the image-to-video protocol
(see PROTOCOL.md): anonymous tokens, sessions, uploads, chat over SSE, state,
credits, render jobs and (photoreel's own) storyboard strips. Every JSON answer is the envelope
`{"code": 0, "message": "...", "data": ...}`; photoreel's additions are marked
in each endpoint's description and listed in docs/SERVER.md."""


def create_app(settings: ServerSettings | None = None, backend: Backend | None = None) -> FastAPI:
    """The app; `backend` is opened beforehand by `photoreel serve` so that a data
    directory it cannot use is reported before anything listens."""
    settings = settings or ServerSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        active = backend or Backend(settings, settings.data or locations.data_dir())
        app.state.backend = active
        await active.start()
        try:
            yield
        finally:
            await active.stop()

    app = FastAPI(
        title="photoreel backend",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.settings = settings
    install_error_handlers(app)
    app.add_middleware(BodyLimit, settings=settings)
    routers = (
        auth,
        sessions,
        chat,
        upload,
        state,
        credits,
        render,
        media,
        storyboard,
        preview,
        info,
        farm,
    )
    for module in routers:
        app.include_router(module.router)
    assert settings.poll_interval is not None
    app.add_middleware(NamesItself, kind=settings.kind, poll_seconds=settings.poll_interval)
    return app
