"""Requests the client answers itself, without the agent's stream (PROTOCOL.md, "Chat").

"export"/"download"/"导出" runs the export, "credits"/"balance"/"积分"/"余额"
reads the credits, "status"/"show tracks"/"状态" reads the state, and
"upload"/"上传" or a file path or URL uploads. Everything else goes to the
agent. These are pure functions so that the app and the command line route a
sentence the same way, and tests pin down each case.

A routed word only routes a short request ("export", "what's my balance?"):
in a longer sentence, or next to a word about editing ("balance the music
volume"), it is part of an instruction and goes to the agent.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

from photoreel.protocol.formats import DOCUMENTED_FORMATS

RouteKind = Literal["export", "credits", "status", "upload"]

_EXTS = "|".join(sorted({*DOCUMENTED_FORMATS, "jpeg"}, key=len, reverse=True))
_URL = re.compile(r"https?://[^\s\"'<>]+", re.IGNORECASE)
# A file: quoted (may hold spaces) or a bare token, ending in a documented extension.
_FILE = re.compile(
    rf"""["'“‘](?P<quoted>[^"'”’]+?\.(?:{_EXTS}))["'”’]"""
    rf"""|(?P<bare>(?<![\w/.~-])[~\w./\\-]*[\w~-]\.(?:{_EXTS}))(?=$|[\s,;!?)，。；！？]|\.(?:\s|$))""",
    re.IGNORECASE,
)
_EXPORT = re.compile(r"\b(?:export|download|render)\b|导出|下载", re.IGNORECASE)
_EXPORT_FIRST = re.compile(
    r"^\s*(?:please\s+)?(?:export|download|render)\b|^\s*(?:请)?(?:导出|下载)", re.IGNORECASE
)
_CREDITS = re.compile(r"\bcredits?\b|\bbalance\b|积分|余额", re.IGNORECASE)
_STATUS = re.compile(
    r"\bstatus\b|\bshow\s+(?:me\s+)?(?:the\s+)?(?:tracks|timeline)\b"
    r"|^\s*(?:tracks|timeline)\s*\??\s*$|状态",
    re.IGNORECASE,
)
_UPLOAD = re.compile(r"\bupload\b|上传", re.IGNORECASE)
# Words that make a routed word part of an edit ("balance the music", "status bar text").
_EDIT_WORDS = re.compile(
    r"\b(?:music|volume|audio|sound|colou?rs?|brightness|exposure|white|photos?|images?|"
    r"tracks?\s+\d|text|title|caption|transitions?|bar)\b|音量|音乐|颜色|亮度",
    re.IGNORECASE,
)
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
# What may surround the file names in a pure upload request ("upload a.jpg and b.png please").
# Not "add": "add rocket.jpg" asks for the photo in the video, so it goes on to the agent.
_FILLER = re.compile(
    r"\b(?:upload|these|this|those|files?|photos?|pictures?|images?|and|please|the|my|"
    r"them|it|to|too|also|here|are|is)\b|上传|和|[,.;:!?，。；：！？]",
    re.IGNORECASE,
)

MAX_ROUTED_WORDS = 8
MAX_ROUTED_CJK = 10


class Route(BaseModel):
    """Where a request goes instead of the agent. `rest` is what is left for the agent."""

    kind: RouteKind
    paths: list[str] = Field(default_factory=list, description="files named, as written")
    urls: list[str] = Field(default_factory=list)
    dest: str | None = Field(None, description="export: the output file the person named")
    rest: str = Field(
        "", description="upload: the instruction to send to the agent after uploading ('' if none)"
    )


def _short(text: str) -> bool:
    if len(_CJK.findall(text)) > MAX_ROUTED_CJK:
        return False
    return len(text.split()) <= MAX_ROUTED_WORDS


def _files(text: str) -> list[tuple[re.Match[str], str]]:
    spans = [(m.start(), m.end()) for m in _URL.finditer(text)]
    out = []
    for match in _FILE.finditer(text):
        if any(a <= match.start() < b for a, b in spans):
            continue  # the tail of a URL, not a local file
        out.append((match, match.group("quoted") or match.group("bare")))
    return out


def _basename(path: str) -> str:
    return re.split(r"[/\\]", path.rstrip("/\\"))[-1]


def route_instruction(text: str) -> Route | None:
    """The route for `text`, or None when it is an instruction for the agent."""
    stripped = text.strip()
    if not stripped:
        return None
    files = _files(stripped)
    urls = _URL.findall(stripped)
    if _EXPORT_FIRST.search(stripped) and _short(stripped):
        dest = files[0][1] if len(files) == 1 and not urls else None
        return Route(kind="export", dest=dest)
    if files or urls:
        rest = stripped
        for match, path in sorted(files, key=lambda f: f[0].start(), reverse=True):
            rest = rest[: match.start()] + _basename(path) + rest[match.end() :]
        for url in urls:
            rest = rest.replace(url, _basename(url.split("?", 1)[0]) or url)
        leftover = rest
        for name in [_basename(p) for _, p in files] + [_basename(u.split("?")[0]) for u in urls]:
            leftover = leftover.replace(name, " ")
        leftover = _FILLER.sub(" ", leftover)
        return Route(
            kind="upload",
            paths=[path for _, path in files],
            urls=urls,
            rest=rest if leftover.strip() else "",
        )
    if not _short(stripped):
        return None
    if _UPLOAD.search(stripped):
        return Route(kind="upload")
    if _EDIT_WORDS.search(stripped):
        return None
    if _EXPORT.search(stripped):
        return Route(kind="export")
    if _CREDITS.search(stripped):
        return Route(kind="credits")
    if _STATUS.search(stripped):
        return Route(kind="status")
    return None
