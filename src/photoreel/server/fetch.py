"""URL uploads: download a file from the web safely, streamed and size-capped.

A server that fetches URLs for its users can be turned against its own network
(asking it for http://127.0.0.1:6379 or a cloud metadata address). So only
http(s) is fetched, every address the host name resolves to must be a public
one unless the server was started with `--allow-private-urls`, the connection
goes to the address that was checked (no second DNS answer can swap it), and
every redirect is checked the same way.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import ipaddress
import secrets
import socket
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

import httpx
from python_multipart.multipart import parse_options_header

from photoreel import __version__
from photoreel.protocol.errors import ErrorCode
from photoreel.server.errors import too_large_message
from photoreel.server.uploads import ReceivedFile, safe_name

MAX_REDIRECTS = 5
CHUNK = 256 * 1024
TOTAL_SECONDS = 600  # a download may not take longer than this in all


class FetchRefused(Exception):
    """A URL that is not fetched; the message says why."""

    def __init__(self, message: str, code: int = ErrorCode.BAD_REQUEST) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


async def _checked_address(host: str, port: int, allow_private: bool) -> str:
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise FetchRefused(f"cannot resolve the host name {host!r}") from None
    addresses = [str(info[4][0]) for info in infos]
    if not allow_private:
        for address in addresses:
            ip = ipaddress.ip_address(address.split("%")[0])
            if not ip.is_global:
                raise FetchRefused(
                    f"{host} resolves to a private or local address ({address}); URL uploads "
                    "fetch public addresses only (a server started with --allow-private-urls "
                    "fetches any)"
                )
    return addresses[0]


def _name_from(response: httpx.Response, url: str) -> str:
    _, options = parse_options_header(response.headers.get("content-disposition", ""))
    if raw := options.get(b"filename"):
        return safe_name(raw.decode("utf-8", "replace"), "download")
    return safe_name(unquote(urlsplit(url).path.rsplit("/", 1)[-1]), "download")


async def fetch(
    url: str, incoming: Path, *, limit: int, stall_seconds: float, allow_private: bool
) -> ReceivedFile:
    """Download `url` into `incoming`; a refused or too-large download comes back as a
    `ReceivedFile` with its code and message (no file left behind)."""
    try:
        return await asyncio.wait_for(
            _fetch(
                url, incoming, limit=limit, stall_seconds=stall_seconds, allow_private=allow_private
            ),
            TOTAL_SECONDS,
        )
    except FetchRefused as exc:
        return ReceivedFile(
            name=_url_label(url), code=exc.code, message=exc.message, source_url=url
        )
    except TimeoutError:
        return ReceivedFile(
            name=_url_label(url),
            code=ErrorCode.BAD_REQUEST,
            message=f"{url}: the download took longer than {TOTAL_SECONDS} s",
            source_url=url,
        )


def _url_label(url: str) -> str:
    return safe_name(unquote(urlsplit(url).path.rsplit("/", 1)[-1]), url[:100])


async def _fetch(
    url: str, incoming: Path, *, limit: int, stall_seconds: float, allow_private: bool
) -> ReceivedFile:
    current = url
    async with httpx.AsyncClient(timeout=stall_seconds, follow_redirects=False) as http:
        for _ in range(MAX_REDIRECTS + 1):
            parts = urlsplit(current)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise FetchRefused(f"{current}: only http:// and https:// URLs can be uploaded")
            port = parts.port or (443 if parts.scheme == "https" else 80)
            address = await _checked_address(parts.hostname, port, allow_private)
            host_literal = f"[{address}]" if ":" in address else address
            pinned = urlunsplit(
                (parts.scheme, f"{host_literal}:{port}", parts.path or "/", parts.query, "")
            )
            request = http.build_request(
                "GET",
                pinned,
                headers={"Host": parts.netloc, "User-Agent": f"photoreel/{__version__}"},
                extensions={"sni_hostname": parts.hostname} if parts.scheme == "https" else {},
            )
            try:
                response = await http.send(request, stream=True)
            except httpx.TimeoutException:
                raise FetchRefused(f"{url}: no answer within {stall_seconds:g} s") from None
            except httpx.HTTPError as exc:
                raise FetchRefused(f"{url}: the download failed ({exc})") from None
            try:
                if response.is_redirect and "location" in response.headers:
                    current = urljoin(current, response.headers["location"])
                    continue
                if response.status_code != 200:
                    raise FetchRefused(
                        f"{url}: the server answered HTTP {response.status_code}, not the file"
                    )
                return await _save(response, current, url, incoming, limit, stall_seconds)
            finally:
                await response.aclose()
    raise FetchRefused(f"{url}: more than {MAX_REDIRECTS} redirects")


async def _save(
    response: httpx.Response,
    final_url: str,
    url: str,
    incoming: Path,
    limit: int,
    stall_seconds: float,
) -> ReceivedFile:
    name = _name_from(response, final_url)
    declared = int(response.headers.get("content-length") or 0)
    if declared > limit:
        raise FetchRefused(too_large_message(name, limit), ErrorCode.FILE_TOO_LARGE)
    path = incoming / f"{secrets.token_hex(12)}.part"
    digest = hashlib.sha256()
    size = 0
    try:
        with path.open("xb") as out:
            async for chunk in response.aiter_bytes(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise FetchRefused(too_large_message(name, limit), ErrorCode.FILE_TOO_LARGE)
                out.write(chunk)
                digest.update(chunk)
    except httpx.TimeoutException:
        path.unlink(missing_ok=True)
        raise FetchRefused(f"{url}: the download stalled for {stall_seconds:g} s") from None
    except httpx.HTTPError as exc:
        path.unlink(missing_ok=True)
        raise FetchRefused(f"{url}: the download failed ({exc})") from None
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        raise
    return ReceivedFile(
        name=name, temp_path=path, size=size, sha256=digest.hexdigest(), source_url=url
    )
