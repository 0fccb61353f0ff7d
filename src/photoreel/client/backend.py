"""Which backend the client talks to, and how to reach it.

Three kinds, one protocol: the `embedded` backend the app starts for itself
(on a private Unix socket), a `remote` photoreel server (`photoreel serve` on
another box), and the `hosted` service. The kind decides defaults only (how
often to poll a render, whether NEMO_TOKEN applies); every request is the same.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, Field

from photoreel import locations

HOSTED_URL = "https://mega-api-prod.nemovideo.ai"
HOSTED_DOMAIN = "nemovideo.ai"
# Where an anonymous user of the hosted service registers, with `?bind=<user id>`: the
# documented web base (PROTOCOL.md, "What a client must tolerate").
HOSTED_REGISTER_URL = "https://nemovideo.com/register"
# The hosted service asks to be polled every 30 s, at most 10 times (PROTOCOL.md, "Export").
HOSTED_POLL_SECONDS = 30.0
HOSTED_MAX_POLLS = 10
LOCAL_POLL_SECONDS = 1.0

BackendKind = Literal["embedded", "remote", "hosted"]


class Backend(BaseModel):
    """Where the protocol is served. `uds` is a Unix socket path (the embedded backend's)."""

    kind: BackendKind
    base_url: str = Field(description="scheme and host; with `uds`, only the Host header")
    uds: Path | None = None
    poll_interval: float | None = Field(
        None, gt=0, description="seconds between render polls; None: learn it from the server"
    )

    @property
    def key(self) -> str:
        """Names this backend in the token cache and the pending-render list.

        Tokens and sessions belong to one backend, so two backends never share
        a cached token. The embedded backend is keyed by its data directory
        (its tokens live in that directory's database), not by its socket,
        which changes on every start.
        """
        if self.kind == "embedded":
            return f"embedded:{locations.data_dir()}"
        if self.uds is not None:
            return f"unix:{self.uds}"
        return self.base_url.rstrip("/")

    @property
    def default_poll_interval(self) -> float:
        return HOSTED_POLL_SECONDS if self.kind == "hosted" else LOCAL_POLL_SECONDS

    @property
    def label(self) -> str:
        """How the backend is named in messages."""
        if self.kind == "embedded":
            return "the local photoreel backend"
        return f"the backend at {self.uds or self.base_url}"


def backend_for_api(api: str) -> Backend:
    """The backend an `--api` value names: a URL, or `unix:/path/to.sock`.

    A URL on the hosted service's domain is `hosted`; anything else is a
    `remote` photoreel server.
    """
    api = api.strip()
    if api.startswith("unix:"):
        return Backend(kind="remote", base_url="http://photoreel", uds=Path(api[5:]).expanduser())
    if "://" not in api:
        api = f"http://{api}"
    parts = urlsplit(api)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(
            f"{api!r} is not a backend address; use a URL such as http://host:8000 "
            "or unix:/path/to/socket"
        )
    host = parts.hostname.lower()
    kind: BackendKind = (
        "hosted" if host == HOSTED_DOMAIN or host.endswith("." + HOSTED_DOMAIN) else "remote"
    )
    return Backend(kind=kind, base_url=f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}")
