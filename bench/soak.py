"""Soak of photoreel's backend: many clients, renders and a hostile one, and a kill -9.

    python bench/soak.py [--seconds 60]

Starts `photoreel serve` (3 render workers, a temporary data dir) on a loopback
port and, for a bounded time, runs against it:

* 20 well-formed clients, each with its own token and session of photos:
  state and credit reads, chat turns, uploads; 3 of them also export small
  videos one after another, poll them to the end and download them;
* a hostile client: drafts of 2^63 ms and of 24 h at 1080p60, a frame-bomb GIF
  (5,000 frames, refused at upload), a 1,800-frame GIF rendered at 1080p,
  oversized chat messages and bodies, bad session and render ids, renders
  cancelled while they run;
* half-way, the server is killed with SIGKILL and started again on the same
  data and port; clients wait for it and carry on.

Then every render a well-formed client submitted is waited for and every file
it uploaded or rendered is downloaded again and compared. The last line is

    errors=<n> lost=<n> p99_ms=<x> peak_rss_mb=<x> ...

`errors`: answers to well-formed requests that were not the documented success
(connection errors while the server is down for its restart are retried, not
counted); `lost`: renders that did not complete and files that did not come
back whole; `p99_ms`: the 99th percentile latency of well-formed requests;
`peak_rss_mb`: the server process's peak resident memory (its ffmpeg children
are `peak_ffmpeg_mb`); `peak_temp_mb`: the peak size of its temporary folder;
`hostile_unexpected`: hostile requests answered other than with their
documented refusal; `orphans`: ffmpeg processes of the killed server still
running after the restart.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import io
import json
import math
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
MEDIA = ROOT.parent / "shared" / "media"
READY = "photoreel serve: listening on "
ATTRIBUTION = {"X-Skill-Source": "photoreel", "X-Skill-Version": "soak",
               "X-Skill-Platform": "terminal"}  # fmt: skip
CLIENTS = 20
RENDERING_CLIENTS = 3
WORKERS = 3
SETTINGS = ["--workers", str(WORKERS), "--max-render-temp-mb", "512", "--log-level", "error"]


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    by_kind: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    hostile: int = 0
    hostile_unexpected: list[str] = field(default_factory=list)
    renders: list[tuple[str, str]] = field(default_factory=list)  # (token, render id)
    files: list[tuple[str, str, str]] = field(default_factory=list)  # (token, url, sha256)
    retried: int = 0


class Server:
    """The server process, killed and started again on the same port and data."""

    def __init__(self, data: Path) -> None:
        self.data = data
        self.port = 0
        self.process: subprocess.Popen[str] | None = None
        self.up = asyncio.Event()
        self.restarted_at = 0.0
        self.peak_rss = 0
        self.peak_ffmpeg = 0
        self.peak_temp = 0

    def start(self) -> str:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "photoreel", "serve", "--port", str(self.port),
             "--data", str(self.data), *SETTINGS],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )  # fmt: skip
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line.startswith(READY):
            self.process.kill()
            raise SystemExit(f"the server did not start: {line!r}")
        url = line[len(READY) :].strip()
        self.port = int(url.rsplit(":", 1)[1])
        self.up.set()
        return url

    def kill(self) -> list[psutil.Process]:
        """SIGKILL the server; the ffmpeg processes it had running at that moment."""
        assert self.process is not None
        self.up.clear()
        children = psutil.Process(self.process.pid).children(recursive=True)
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        return children

    async def watch(self) -> None:
        """Peak memory of the server and its ffmpeg, and of its temporary folder."""
        while True:
            with contextlib.suppress(psutil.Error, AssertionError):
                assert self.process is not None
                proc = psutil.Process(self.process.pid)
                self.peak_rss = max(self.peak_rss, proc.memory_info().rss)
                kids = sum(c.memory_info().rss for c in proc.children(recursive=True))
                self.peak_ffmpeg = max(self.peak_ffmpeg, kids)
            self.peak_temp = max(self.peak_temp, _tree_size(self.data / "tmp"))
            await asyncio.sleep(0.2)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()


def _tree_size(folder: Path) -> int:
    total = 0
    for path in folder.rglob("*"):
        with contextlib.suppress(OSError):
            if path.is_file():
                total += path.stat().st_blocks * 512
    return total


class Client:
    """One well-formed client: retries only while the server is down for its restart."""

    def __init__(self, server: Server, url: str, tally: Tally) -> None:
        self.server = server
        self.tally = tally
        self.http = httpx.AsyncClient(base_url=url, headers=ATTRIBUTION, timeout=60)
        self.auth: dict[str, str] = {}
        self.sid = ""

    async def call(self, method: str, path: str, **kw: Any) -> httpx.Response | None:
        """One request; None (after it was counted) when it failed."""
        headers = {**self.auth, **kw.pop("headers", {})}
        while True:
            await self.server.up.wait()
            started = time.monotonic()
            try:
                answer = await self.http.request(method, path, headers=headers, **kw)
            except httpx.TransportError as exc:
                if not self.server.up.is_set() or time.monotonic() - self.server.restarted_at < 3:
                    self.tally.retried += 1
                    await asyncio.sleep(0.2)
                    continue  # the server is being killed and started again
                self.tally.errors.append(f"{method} {path}: {type(exc).__name__}")
                return None
            took = time.monotonic() - started
            self.tally.latencies.append(took)
            kind = f"{method} {path.split('/')[2] if path.count('/') > 1 else path}"
            self.tally.by_kind.setdefault(kind, []).append(took)
            if answer.status_code >= 500 and not self.server.up.is_set():
                continue
            return answer

    def ok(self, answer: httpx.Response | None, what: str) -> dict[str, Any] | None:
        if answer is None:
            return None
        try:
            body = answer.json()
        except ValueError:
            body = {}
        if answer.status_code != 200 or not isinstance(body, dict) or body.get("code") != 0:
            self.tally.errors.append(f"{what}: HTTP {answer.status_code} {answer.text[:200]}")
            return None
        return body

    async def setup(self, photos: list[Path]) -> None:
        new_id = {"X-Client-Id": str(uuid.uuid4())}
        token = self.ok(await self.call("POST", "/api/auth/anonymous-token", headers=new_id),
                        "token")  # fmt: skip
        assert token is not None, self.tally.errors
        self.auth = {"Authorization": f"Bearer {token['data']['token']}"}
        session = self.ok(await self.call("POST", "/api/tasks/me/with-session/nemo_agent",
                                          json={"task_name": "soak"}), "session")  # fmt: skip
        assert session is not None, self.tally.errors
        self.sid = session["data"]["session_id"]
        self.media = await self.upload(photos[:2])

    async def upload(self, photos: list[Path]) -> list[str]:
        files = [("files", (p.name, p.read_bytes())) for p in photos]
        body = self.ok(await self.call("POST", f"/api/upload-video/nemo_agent/me/{self.sid}",
                                       files=files), "upload")  # fmt: skip
        if body is None:
            return []
        for row, photo in zip(body["data"]["files"], photos, strict=True):
            digest = hashlib.sha256(photo.read_bytes()).hexdigest()
            self.tally.files.append((self.auth["Authorization"], row["cdn_url"], digest))
        return [row["media_id"] for row in body["data"]["files"]]

    async def turn(self, text: str) -> None:
        message = {"role": "user", "parts": [{"text": text}]}
        answer = await self.call(
            "POST", "/run_sse", json={"session_id": self.sid, "new_message": message}
        )
        if answer is None:
            return
        frames = [json.loads(line[5:]) for line in answer.text.splitlines()
                  if line.startswith("data:") and line[5:].strip()]  # fmt: skip
        if answer.status_code != 200 or not frames or not frames[-1].get("turnComplete"):
            self.tally.errors.append(f"turn: HTTP {answer.status_code} {answer.text[:200]}")
        elif any("errorCode" in f for f in frames):
            self.tally.errors.append(f"turn: {frames[-1]}")

    async def export(self, seconds: int) -> None:
        render_id = f"render_{uuid.uuid4().hex[:12]}"
        body = {"id": render_id, "sessionId": self.sid, "draft": small_draft(self.media, seconds),
                "output": {"format": "mp4", "quality": "draft"}}  # fmt: skip
        if self.ok(await self.call("POST", "/api/render/proxy/lambda", json=body), "submit"):
            self.tally.renders.append((self.auth["Authorization"], render_id))
            await self.wait_render(render_id, deadline=time.monotonic() + 120)

    async def wait_render(self, render_id: str, deadline: float) -> dict[str, Any] | None:
        while time.monotonic() < deadline:
            body = self.ok(await self.call("GET", f"/api/render/proxy/lambda/{render_id}"), "poll")
            if body is None:
                return None
            if body["status"] in ("completed", "failed", "cancelled"):
                return body
            await asyncio.sleep(0.25)
        return None

    async def run(self, until: float, renders: bool, photos: list[Path]) -> None:
        rng = random.Random(self.sid)
        while time.monotonic() < until:
            if renders:
                await self.export(rng.choice([2, 3, 4]))
                continue
            roll = rng.random()
            if roll < 0.6:
                self.ok(await self.call("GET", f"/api/state/nemo_agent/me/{self.sid}/latest"),
                        "state")  # fmt: skip
            elif roll < 0.75:
                self.ok(await self.call("GET", "/api/credits/balance/simple"), "credits")
            elif roll < 0.92:
                await self.turn(rng.choice(["make it 6 seconds", "add a title Soak",
                                            "make it vertical", "undo", "use fades"]))  # fmt: skip
            else:
                await self.upload([rng.choice(photos)])
            await asyncio.sleep(rng.uniform(0.02, 0.1))


def small_draft(media: list[str], seconds: int) -> dict[str, Any]:
    each = seconds * 1000 // len(media)
    segments = [{"s": i * each, "d": each, "m": {"src": src}} for i, src in enumerate(media)]
    return {"d": each * len(media), "m": {"width": 320, "height": 180, "fps": 25},
            "t": [{"tt": 0, "sg": segments}]}  # fmt: skip


def frame_bomb(frames: int = 5000) -> bytes:
    """A small GIF of many frames. Each frame is a different grey: Pillow merges
    identical frames when it saves, and a bomb of one colour is one frame."""
    images = [Image.new("L", (32, 32), i % 256) for i in range(frames)]
    out = io.BytesIO()
    images[0].save(out, "GIF", save_all=True, append_images=images[1:], duration=20, loop=0)
    return out.getvalue()


async def hostile(client: Client, until: float, tally: Tally) -> None:
    """Requests a shared server must refuse (their documented code) or survive."""
    bomb = frame_bomb()  # over --max-animation-frames (2,000): refused at upload
    long_gif = frame_bomb(1800)  # under it: accepted, and a render decodes only what shows
    session = client.sid

    def expect(answer: httpx.Response | None, codes: set[int], what: str) -> dict[str, Any]:
        tally.hostile += 1
        body: dict[str, Any] = {}
        with contextlib.suppress(ValueError, AttributeError):
            body = answer.json() if answer is not None else {}
        if answer is None or answer.status_code >= 500 or body.get("code") not in codes:
            got = "no answer" if answer is None else f"{answer.status_code} {answer.text[:160]}"
            tally.hostile_unexpected.append(f"{what}: {got}")
        return body

    huge = small_draft(client.media, 4)
    huge["d"] = 2**63
    day = small_draft(client.media, 4)
    day.update(d=24 * 3600 * 1000, m={"width": 1920, "height": 1080, "fps": 60})
    rng = random.Random(7)
    while time.monotonic() < until:
        step = rng.randrange(7)
        if step == 0:
            for draft in (huge, day):
                body = {"id": f"render_h{uuid.uuid4().hex[:10]}", "sessionId": session,
                        "draft": draft}  # fmt: skip
                expect(await client.call("POST", "/api/render/proxy/lambda", json=body),
                       {4013}, "huge draft")  # fmt: skip
        elif step == 1:
            path = f"/api/upload-video/nemo_agent/me/{session}"
            files = [("files", ("bomb.gif", bomb))]
            # 4002 is the documented refusal (docs/SERVER.md, Limits)
            expect(await client.call("POST", path, files=files), {4002}, "frame bomb upload")
            files = [("files", ("long.gif", long_gif))]
            up = expect(await client.call("POST", path, files=files), {0}, "long GIF upload")
            if up.get("code") == 0:
                media = up["data"]["files"][0]["media_id"]
                draft = small_draft([media], 10)
                draft["m"].update(width=1920, height=1080)
                body = {"id": f"render_b{uuid.uuid4().hex[:10]}", "sessionId": session,
                        "draft": draft}  # fmt: skip
                expect(await client.call("POST", "/api/render/proxy/lambda", json=body),
                       {0, 4013}, "long GIF render")  # fmt: skip
        elif step == 2:
            text = "x" * 5000
            expect(await client.call("POST", "/run_sse", json={"session_id": session,
                   "new_message": {"parts": [{"text": text}]}}), {4013}, "long chat")  # fmt: skip
            expect(await client.call("POST", "/run_sse", content=b"{" + b" " * (3 << 20) + b"}",
                   headers={**client.auth, "Content-Type": "application/json"}),
                   {4013}, "3 MB body")  # fmt: skip
        elif step == 3:
            for sid in ("²", "9" * 25, "-1"):
                expect(await client.call("GET", f"/api/state/nemo_agent/me/{sid}/latest"),
                       {1002}, "bad session id")  # fmt: skip
            body = {"id": "render/../x", "sessionId": session,
                    "draft": small_draft(client.media, 2)}  # fmt: skip
            expect(await client.call("POST", "/api/render/proxy/lambda", json=body), {4000},
                   "bad render id")  # fmt: skip
        else:
            render_id = f"render_c{uuid.uuid4().hex[:10]}"
            body = {"id": render_id, "sessionId": session,
                    "draft": small_draft(client.media, 20)}  # fmt: skip
            queued = expect(await client.call("POST", "/api/render/proxy/lambda", json=body),
                            {0, 4013}, "render to cancel")  # fmt: skip
            if queued.get("code") == 0:
                await asyncio.sleep(rng.uniform(0, 1.5))
                done = expect(await client.call("POST",
                              f"/api/render/proxy/lambda/{render_id}/cancel"), {0, 4009},
                              "cancel")  # fmt: skip
                if done.get("code") == 0 and done.get("status") not in ("cancelled", "completed"):
                    tally.hostile_unexpected.append(f"cancel left it {done.get('status')}")
        await asyncio.sleep(0.05)


async def verify(clients: list[Client], tally: Tally) -> int:
    """Renders that did not complete and files that do not come back whole."""
    lost = 0
    by_auth = {c.auth["Authorization"]: c for c in clients}
    for auth, render_id in tally.renders:
        client = by_auth[auth]
        done = await client.wait_render(render_id, deadline=time.monotonic() + 180)
        if done is None or done["status"] != "completed":
            lost += 1
            tally.errors.append(f"render {render_id}: {done and done.get('status')}")
            continue
        video = await client.call("GET", done["output"]["url"])
        if (
            video is None
            or video.status_code != 200
            or len(video.content) != done["output"]["size"]
        ):
            lost += 1
    for auth, url, digest in tally.files:
        answer = await by_auth[auth].call("GET", url)
        if answer is None or hashlib.sha256(answer.content).hexdigest() != digest:
            lost += 1
    return lost


async def soak(seconds: float) -> str:
    photos = sorted(p for p in MEDIA.iterdir() if p.suffix.lower() in (".png", ".jpg"))
    with tempfile.TemporaryDirectory(prefix="photoreel-soak-") as tmp:
        server = Server(Path(tmp) / "data")
        url = server.start()
        tally = Tally()
        watcher = asyncio.create_task(server.watch())
        clients = [Client(server, url, tally) for _ in range(CLIENTS + 1)]
        await asyncio.gather(*(c.setup(photos) for c in clients))
        start = time.monotonic()
        until = start + seconds
        work = [asyncio.create_task(c.run(until, i < RENDERING_CLIENTS, photos))
                for i, c in enumerate(clients[:CLIENTS])]  # fmt: skip
        work.append(asyncio.create_task(hostile(clients[CLIENTS], until, tally)))
        await asyncio.sleep(seconds / 2)
        left = await asyncio.to_thread(server.kill)
        await asyncio.sleep(0.5)
        await asyncio.to_thread(server.start)
        server.restarted_at = time.monotonic()
        orphans = sum(1 for p in left if p.is_running() and p.status() != psutil.STATUS_ZOMBIE)
        await asyncio.gather(*work)
        lost = await verify(clients, tally)
        watcher.cancel()
        for client in clients:
            await client.http.aclose()
        server.stop()
    lat = sorted(tally.latencies)
    p99 = lat[min(len(lat) - 1, math.ceil(0.99 * len(lat)) - 1)] * 1000 if lat else 0.0
    for line in (tally.errors + tally.hostile_unexpected)[:20]:
        print(f"  {line}", file=sys.stderr)
    for kind, times in sorted(tally.by_kind.items()):
        times.sort()
        print(f"  {kind}: n={len(times)} median_ms={times[len(times) // 2] * 1000:.0f} "
              f"max_ms={times[-1] * 1000:.0f}", file=sys.stderr)  # fmt: skip
    return (
        f"seconds={seconds:g} clients={CLIENTS} renders={len(tally.renders)} "
        f"requests={len(lat)} hostile={tally.hostile} retried={tally.retried} "
        f"hostile_unexpected={len(tally.hostile_unexpected)} orphans={orphans} "
        f"peak_ffmpeg_mb={server.peak_ffmpeg / 2**20:.0f} "
        f"peak_temp_mb={server.peak_temp / 2**20:.1f}\n"
        f"errors={len(tally.errors)} lost={lost} p99_ms={p99:.0f} "
        f"peak_rss_mb={server.peak_rss / 2**20:.0f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="load time (default: 60)")
    args = parser.parse_args()
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    print(asyncio.run(soak(args.seconds)))


if __name__ == "__main__":
    main()
