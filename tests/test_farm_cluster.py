"""The render farm with real processes: a Dask scheduler, `photoreel worker`s and
`photoreel serve --cluster`, and the faults a farm meets (a worker killed mid-chunk,
the server or the scheduler going away mid-render)."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import httpx

from cluster_helpers import Cluster, Proc, start_cluster
from engine_media import bands, target
from photoreel.engine import render
from photoreel.protocol.draft import parse_draft
from server_helpers import bearer, get_token, launch, new_session, start_server, upload_photos
from video_checks import diff, frames, inspect

#: As in test_farm_chunks: the same pictures, coded by x264 in other groups of pictures.
FRAME_TOLERANCE = 3.0
FRAMES = 72  # 3 s at 24 fps
CREDITS = 20


def pictures(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [
        bands(folder / "stripes.png", tuple(i / 12 for i in range(1, 12)), (384, 216)),
        target(folder / "target.png", (384, 216)),
        bands(folder / "bands.png", (0.2, 0.5, 0.8), (384, 216)),
    ]


def farm_draft(sources: list[str], seconds: int = 3) -> dict[str, Any]:
    """Moving photos with a crossfade and a hard cut, a title across the seams."""
    moves = ["zoom_in", "pan_left", "zoom_out"]
    segments = []
    for i in range(seconds):
        meta: dict[str, Any] = {"src": sources[i % 3], "motion": {"type": moves[i % 3]}}
        if i % 2 == 0:
            meta["transition"] = {"type": "fade", "d": 250}
        segments.append({"s": i * 1000, "d": 1000, "m": meta})
    return {
        "d": seconds * 1000,
        "m": {"width": 192, "height": 108, "fps": 24},
        "t": [{"tt": 0, "sg": segments},
              {"tt": 7, "sg": [{"s": 400, "d": 2000, "m": {"text": "farm"}}]}],
    }  # fmt: skip


def submit_high(http: httpx.Client, token: str, sid: str, draft: dict[str, Any], rid: str) -> None:
    answer = http.post(
        "/api/render/proxy/lambda",
        json={"id": rid, "sessionId": sid, "draft": draft,
              "output": {"format": "mp4", "quality": "high"}},
        headers=bearer(token),
    )  # fmt: skip
    assert answer.json()["code"] == 0, answer.json()


def wait_for(
    http: httpx.Client, token: str, rid: str, until: set[str], timeout: float = 120
) -> dict[str, Any]:
    """The render's status body once its status is one of `until`."""
    deadline = time.monotonic() + timeout
    while True:
        body: dict[str, Any] = http.get(
            f"/api/render/proxy/lambda/{rid}", headers=bearer(token)
        ).json()
        if body["status"] in until:
            return body
        assert time.monotonic() < deadline, f"render stuck: {body}"
        time.sleep(0.05)


def download(http: httpx.Client, token: str, done: dict[str, Any], to: Path) -> Path:
    assert done["status"] == "completed", done
    to.write_bytes(http.get(done["output"]["url"], headers=bearer(token)).content)
    return to


def same_video(made: Path, reference: Path) -> None:
    """The same frames, count and length as the single pass, within the coder's noise."""
    a, b = inspect(reference), inspect(made)
    assert (b.frames, b.duration, b.width, b.height) == (a.frames, a.duration, 192, 108)
    every = list(range(a.frames or 0))
    for n, x, y in zip(every, frames(reference, every), frames(made, every), strict=True):
        assert diff(x, y) < FRAME_TOLERANCE, f"frame {n} differs"


def single_pass(folder: Path, photos: list[Path], seconds: int = 3) -> Path:
    """The reference: the same draft rendered on this machine, in one pass."""
    draft = parse_draft(farm_draft([p.name for p in photos], seconds))
    out = folder / f"single-{seconds}.mp4"
    render(draft, {p.name: p for p in photos}, out, quality="high")
    return out


def credits(http: httpx.Client, token: str) -> dict[str, Any]:
    body: dict[str, Any] = http.get("/api/credits/balance/simple", headers=bearer(token)).json()
    return body["data"]  # type: ignore[no-any-return]


def wait_until(check: Any, what: str, timeout: float = 60) -> Any:
    deadline = time.monotonic() + timeout
    while not (found := check()):
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)
    return found


def chunk_in_progress(cluster: Cluster) -> Proc:
    """A worker whose ffmpeg is writing a chunk right now."""
    return wait_until(
        lambda: next((w for w in cluster.workers if w.making_chunk()), None), "a chunk to start"
    )


def started_chunks(worker: Proc) -> list[str]:
    return re.findall(r"(chunk \d+ of \d+ \(frames [\d-]+\) of render \w+): started", worker.text())


def test_the_cluster_renders_the_single_pass_video_through_a_dead_worker_and_a_cancel(
    tmp_path: Path,
) -> None:
    photos = pictures(tmp_path / "photos")
    with (
        start_cluster(tmp_path, workers=2) as cluster,
        start_server(
            tmp_path, cluster=cluster.address, chunk_seconds=0.5, credits=CREDITS
        ) as server,  # fmt: skip
        server.client() as http,
    ):
        token = get_token(http)
        sid = new_session(http, token)
        ids = upload_photos(http, token, sid, photos)
        reference = single_pass(tmp_path, photos)

        # 1. Chunks on two machines, joined: the single-pass video; progress only grows.
        submit_high(http, token, sid, farm_draft(ids), "r_farm")
        seen: list[float] = []
        while (body := wait_for(http, token, "r_farm", {"processing", "completed", "failed"}))[
            "status"
        ] == "processing":
            seen.append(body["progress"])
            time.sleep(0.05)
        seen.append(body["progress"])
        assert seen == sorted(seen) and seen[-1] == 100, seen
        same_video(download(http, token, body, tmp_path / "farm.mp4"), reference)
        assert all(started_chunks(w) for w in cluster.workers), "both machines made chunks"
        assert credits(http, token)["available"] == CREDITS - 1

        # 2. A worker killed mid-chunk (it and its ffmpeg, as a machine dies): the chunk
        #    is made again by the other worker and the video is the same.
        submit_high(http, token, sid, farm_draft(ids), "r_kill")
        victim = chunk_in_progress(cluster)
        interrupted = started_chunks(victim)[-1]
        victim.kill()
        survivor = next(w for w in cluster.workers if w is not victim)
        done = wait_for(http, token, "r_kill", {"completed", "failed"})
        same_video(download(http, token, done, tmp_path / "killed.mp4"), reference)
        assert f"{interrupted}: made" in survivor.text(), survivor.text()
        assert credits(http, token)["available"] == CREDITS - 2

        # 3. Cancel mid-render: the chunk being made stops, no file, credits back.
        submit_high(http, token, sid, farm_draft(ids, seconds=9), "r_cancel")
        chunk_in_progress(cluster)
        assert credits(http, token)["frozen"] == 1
        cancelled = http.post("/api/render/proxy/lambda/r_cancel/cancel", headers=bearer(token))
        assert cancelled.json()["status"] == "cancelled", cancelled.json()
        wait_until(lambda: not survivor.making_chunk(), "the chunk's ffmpeg to stop", 10)
        assert not list((server.data_dir / "renders").rglob(".*.part"))
        assert credits(http, token) == {"available": CREDITS - 2, "frozen": 0,
                                        "total": CREDITS - 2, "unlimited": False}  # fmt: skip

        # 4. A GIF is never cut (one palette for the whole video): one task, made whole.
        gif = http.post(
            "/api/render/proxy/lambda",
            json={"id": "r_gif", "sessionId": sid, "draft": farm_draft(ids),
                  "output": {"format": "gif", "quality": "draft"}},
            headers=bearer(token),
        ).json()  # fmt: skip
        assert gif["code"] == 0, gif
        done = wait_for(http, token, "r_gif", {"completed", "failed"})
        facts = inspect(download(http, token, done, tmp_path / "farm.gif"))
        assert (facts.codec, facts.width, facts.fps) == ("gif", 192, 10.0), facts
        assert "chunk 1 of 1 of render" in survivor.text()


def test_the_server_or_the_scheduler_going_away_mid_render(tmp_path: Path) -> None:
    photos = pictures(tmp_path / "photos")
    data = tmp_path / "data"
    settings: dict[str, Any] = {"chunk_seconds": 0.5, "credits": CREDITS,
                                "max_render_attempts": 2, "cluster_timeout": 2}  # fmt: skip
    with start_cluster(tmp_path, workers=2) as cluster:
        # 1. The server killed mid-render: the next start resumes the job on the cluster.
        server = launch(tmp_path, data_dir=data, cluster=cluster.address, **settings)
        try:
            with server.client() as http:
                token = get_token(http)
                sid = new_session(http, token)
                ids = upload_photos(http, token, sid, photos)
                submit_high(http, token, sid, farm_draft(ids), "r_resume")
                chunk_in_progress(cluster)
        finally:
            server.kill()
        reference = single_pass(tmp_path, photos)
        with (
            start_server(tmp_path, data_dir=data, cluster=cluster.address, **settings) as server,
            server.client() as http,
        ):
            done = wait_for(http, token, "r_resume", {"completed", "failed"})
            same_video(download(http, token, done, tmp_path / "resumed.mp4"), reference)
            assert credits(http, token)["available"] == CREDITS - 1  # charged once

            # 2. The scheduler gone mid-render and not back: the job fails saying so once
            #    its attempts are spent, and its credits are released.
            submit_high(http, token, sid, farm_draft(ids), "r_lost")
            chunk_in_progress(cluster)
            cluster.scheduler.kill()
            failed = wait_for(http, token, "r_lost", {"completed", "failed"})
            assert failed["status"] == "failed", failed
            assert failed["error"] == (
                f"The render failed 2 times because the render cluster at {cluster.address} "
                "did not answer within 2 s; it was not tried again. Submit the export again "
                "later."
            )
            assert credits(http, token) == {"available": CREDITS - 1, "frozen": 0,
                                            "total": CREDITS - 1, "unlimited": False}  # fmt: skip

            # 3. The scheduler back on its address: the workers join it again by
            #    themselves and the next export is made.
            cluster.restart_scheduler()
            submit_high(http, token, sid, farm_draft(ids), "r_after")
            done = wait_for(http, token, "r_after", {"completed", "failed"})
            same_video(download(http, token, done, tmp_path / "after.mp4"), reference)
            assert "Traceback" not in server.stderr()
