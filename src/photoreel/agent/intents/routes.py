"""Requests the client acts on itself (the protocol's routed words), in English and Chinese.

"export" / "download" / "render it" / "导出" -> export, "credits" / "balance" /
"积分" / "余额" -> credits, "status" / "show tracks" / "状态" -> status,
"upload" / "上传" -> upload. They are usually routed by the client before they
reach the agent; when they do reach it, the turn says what happens next and
sets `route`, so the client can run the flow.
"""

from __future__ import annotations

from typing import ClassVar

from photoreel.agent.contract import Route
from photoreel.agent.intents.base import Intent, ParseContext
from photoreel.agent.lexicon import PHOTO_NOUNS
from photoreel.agent.parse.tokens import Clause
from photoreel.agent.timeline import Work

_CHINESE: dict[str, Route] = {
    "导出": "export",
    "下载": "export",
    "积分": "credits",
    "余额": "credits",
    "点数": "credits",
    "状态": "status",
    "轨道": "status",
    "上传": "upload",
}
REPLIES: dict[Route, tuple[str, str]] = {
    "export": (
        "Exporting: the render starts now and its progress shows in the status bar; "
        "the MP4 is saved when it finishes.",
        "正在导出：渲染马上开始，进度显示在状态栏，完成后保存为 MP4。",
    ),
    "credits": (
        "Checking your credit balance: it shows in the status bar. Local exports cost no credits.",
        "正在查询积分余额，结果显示在状态栏。本地导出不消耗积分。",
    ),
    "status": ("Here is the timeline as it stands.", "这是当前的时间线状态。"),
    "upload": (
        "Pick the photos, clips or music to upload in the file pane; "
        "then tell me what to make with them.",
        "请在文件面板中选择要上传的照片、视频或音乐，然后告诉我要做什么。",
    ),
}


class RouteRequest(Intent):
    phase: ClassVar[int] = 100
    edits: ClassVar[bool] = False
    route: Route

    def apply(self, work: Work) -> None:
        work.route = self.route
        english, chinese = REPLIES[self.route]
        work.say(chinese if work.language.startswith("zh") else english)


def route_of(clause: Clause) -> Route | None:
    text = clause.text
    for word, route in _CHINESE.items():
        if word in text:
            return route
    words = clause.wordset
    if words & {"export", "download"}:
        return "export"
    if "render" in words and not words & PHOTO_NOUNS and not clause.has("render a", "render an"):
        return "export"
    if "save" in words and (
        clause.has("save it", "save the video", "save as", "save to", "save this")
        or len(words) == 1
    ):
        return "export"
    if words & {"credits", "credit", "balance"}:
        return "credits"
    if "status" in words or clause.has(
        "show tracks", "show the tracks", "show me the tracks", "list tracks"
    ):
        return "status"
    if words & {"upload", "uploading"} and clause.words[0] not in {"what", "which", "did", "how"}:
        return "upload"
    return None


def parse(clause: Clause, ctx: ParseContext) -> list[Intent]:
    route = route_of(clause)
    return [RouteRequest(route=route)] if route else []
