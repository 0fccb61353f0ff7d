"""Benchmark of photoreel's backend on a real socket, measured in one run.

    python bench/server.py

Starts `photoreel serve` on a free loopback port with a temporary data dir and
prints:

* state reads: requests per second and p99 latency with 20 concurrent clients
  (each its own keep-alive connection, a bare HTTP/1.1 client so that the load
  generator costs little) reading a session that holds 3 photos and a 15 s
  draft. The clients share the machine's cores with the server;
* time from export submit to the first progress above 0 (a 1080p, 15 s,
  high-quality render of the agent's draft, polled every 10 ms, cancelled
  once progress shows);
* upload throughput of a 100 MB file over loopback as a fraction of a plain
  file copy of the same file (median of 3 each). The upload is received,
  hashed and probed; the copy only copies.

The last lines are exactly `state_rps=<x>`, `state_p99_ms=<x>`, `upload_vs_copy=<x>`.
"""

from __future__ import annotations

import asyncio
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
import wave
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
MEDIA = ROOT.parent / "shared" / "media"
READY = "photoreel serve: listening on "
ATTRIBUTION = {
    "X-Skill-Source": "photoreel",
    "X-Skill-Version": "bench",
    "X-Skill-Platform": "terminal",
}
CLIENTS = 20
READS_PER_CLIENT = 250
UPLOAD_MB = 100


def start_server(data: Path) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "photoreel", "serve", "--port", "0", "--data", str(data)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line.startswith(READY):
        process.kill()
        raise SystemExit(f"the server did not start: {line!r}")
    return process, line[len(READY) :].strip()


def prepare(http: httpx.Client) -> tuple[dict[str, str], str]:
    """A token and a session with 3 photos and the agent's 15 s draft."""
    answer = http.post("/api/auth/anonymous-token", headers={"X-Client-Id": str(uuid.uuid4())})
    auth = {"Authorization": f"Bearer {answer.json()['data']['token']}"}
    sid = http.post("/api/tasks/me/with-session/nemo_agent", headers=auth).json()["data"][
        "session_id"
    ]
    photos = sorted(p for p in MEDIA.iterdir() if p.suffix in (".png", ".jpg"))[:3]
    http.post(
        f"/api/upload-video/nemo_agent/me/{sid}",
        files=[("files", (p.name, p.read_bytes())) for p in photos],
        headers=auth,
    )
    body = {
        "session_id": sid,
        "new_message": {"parts": [{"text": "make a 15 second video with smooth transitions"}]},
    }
    with http.stream("POST", "/run_sse", json=body, headers=auth) as stream:
        for _ in stream.iter_lines():
            pass
    return auth, sid


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> int:
    """One keep-alive HTTP/1.1 GET; returns the status. A bare client, so the figure
    measures the server, not an HTTP library running on the same two cores."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    await reader.readexactly(length)
    return status


async def state_load(base: str, auth: dict[str, str], sid: str) -> tuple[float, float]:
    latencies: list[float] = []
    host, port = base.removeprefix("http://").rsplit(":", 1)
    request = (
        f"GET /api/state/nemo_agent/me/{sid}/latest HTTP/1.1\r\nHost: {host}\r\n"
        f"Authorization: {auth['Authorization']}\r\n\r\n"
    ).encode()

    async def client() -> None:
        reader, writer = await asyncio.open_connection(host, int(port))
        assert await _get(reader, writer, request) == 200  # connected before the clock runs
        await ready.wait()
        for _ in range(READS_PER_CLIENT):
            started = time.perf_counter()
            status = await _get(reader, writer, request)
            latencies.append(time.perf_counter() - started)
            assert status == 200
        writer.close()

    ready = asyncio.Event()
    tasks = [asyncio.create_task(client()) for _ in range(CLIENTS)]
    await asyncio.sleep(0.5)
    started = time.perf_counter()
    ready.set()
    await asyncio.gather(*tasks)
    wall = time.perf_counter() - started
    latencies.sort()
    p99 = latencies[math.ceil(0.99 * len(latencies)) - 1]
    return len(latencies) / wall, p99 * 1000


def first_progress(http: httpx.Client, auth: dict[str, str], sid: str) -> float:
    state = http.get(f"/api/state/nemo_agent/me/{sid}/latest", headers=auth).json()
    draft = state["data"]["state"]["draft"]
    render_id = f"render_{time.time_ns() // 1_000_000}"
    body = {"id": render_id, "sessionId": sid, "draft": draft, "output": {"quality": "high"}}
    started = time.perf_counter()
    http.post("/api/render/proxy/lambda", json=body, headers=auth)
    while True:
        status = http.get(f"/api/render/proxy/lambda/{render_id}", headers=auth).json()
        if status["progress"] > 0 or status["status"] in ("completed", "failed"):
            elapsed = time.perf_counter() - started
            break
        time.sleep(0.01)
    http.delete(f"/api/render/proxy/lambda/{render_id}", headers=auth)
    return elapsed


def make_wav(path: Path, megabytes: int) -> None:
    """A valid WAV of the given size (noise, so nothing compresses it away)."""
    frames = megabytes * 1024 * 1024 // 4
    with wave.open(str(path), "wb") as out:
        out.setnchannels(2)
        out.setsampwidth(2)
        out.setframerate(48000)
        block = os.urandom(4 * 48000)
        for _ in range(frames // 48000):
            out.writeframes(block)


def upload_vs_copy(http: httpx.Client, auth: dict[str, str], sid: str, work: Path) -> float:
    source = work / "big.wav"
    make_wav(source, UPLOAD_MB)
    copies, uploads = [], []
    for i in range(3):
        started = time.perf_counter()
        shutil.copyfile(source, work / f"copy-{i}.wav")
        copies.append(time.perf_counter() - started)
        (work / f"copy-{i}.wav").unlink()
        with source.open("rb") as handle:
            started = time.perf_counter()
            answer = http.post(
                f"/api/upload-video/nemo_agent/me/{sid}",
                files=[("files", ("big.wav", handle, "audio/wav"))],
                headers=auth,
                timeout=300,
            )
            uploads.append(time.perf_counter() - started)
        assert answer.json()["code"] == 0, answer.json()
    copy_s, upload_s = statistics.median(copies), statistics.median(uploads)
    size_mb = source.stat().st_size / 1e6
    print(f"copy of {size_mb:.0f} MB: {copy_s * 1000:.0f} ms ({size_mb / copy_s:.0f} MB/s)")
    print(f"upload of {size_mb:.0f} MB: {upload_s * 1000:.0f} ms ({size_mb / upload_s:.0f} MB/s)")
    return copy_s / upload_s


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="photoreel-bench-") as tmp:
        work = Path(tmp)
        process, base = start_server(work / "data")
        try:
            with httpx.Client(base_url=base, headers=ATTRIBUTION, timeout=60) as http:
                auth, sid = prepare(http)
                rps, p99 = asyncio.run(state_load(base, auth, sid))
                load = f"{CLIENTS} clients x {READS_PER_CLIENT}"
                print(f"state reads, {load}: {rps:.0f}/s, p99 {p99:.1f} ms")
                progress_s = first_progress(http, auth, sid)
                print(f"export submit to first progress: {progress_s * 1000:.0f} ms")
                ratio = upload_vs_copy(http, auth, sid, work)
        finally:
            process.terminate()
            process.wait(30)
    print(f"submit_to_progress_ms={progress_s * 1000:.0f}")
    print(f"state_rps={rps:.0f}")
    print(f"state_p99_ms={p99:.1f}")
    print(f"upload_vs_copy={ratio:.2f}")


if __name__ == "__main__":
    main()
