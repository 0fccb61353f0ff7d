# ruff: noqa: E501  (the sentence tables read best one sentence a line)
"""The reply in Chinese, rendered from what changed.

An edit's sentence is rendered from its `EditOp` (what was asked, what the
draft became), never translated word by word from the English sentence, so a
number or a file name can not get lost. Sentences that are not edits (answers,
questions the agent asks, refusals) are matched by their English form and
rendered here; one this table does not know stays English rather than being
guessed at. `photoreel.agent.turn` calls `render` when the person wrote in
Chinese or the session's language is Chinese.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from photoreel.agent.contract import EditOp
from photoreel.agent.timeline import percent
from photoreel.protocol.draft import TRANSITION_NAMES, Draft

TRANSITIONS = {
    "none": "直接切换", "fade": "淡入淡出", "fadeblack": "黑场过渡", "fadewhite": "白场过渡",
    "dissolve": "叠化", "wipeleft": "向左擦除", "wiperight": "向右擦除", "wipeup": "向上擦除",
    "wipedown": "向下擦除", "slideleft": "向左滑动", "slideright": "向右滑动",
    "slideup": "向上滑动", "slidedown": "向下滑动", "circleopen": "圆形展开",
    "circleclose": "圆形收拢", "zoomin": "缩放", "pixelize": "像素化", "radial": "径向擦除",
    "smoothleft": "向左平滑", "smoothright": "向右平滑",
}  # fmt: skip
MOTIONS = {
    "none": "静止", "auto": "自动运镜", "zoom_in": "放大", "zoom_out": "缩小",
    "pan_left": "向左平移", "pan_right": "向右平移", "pan_up": "向上平移", "pan_down": "向下平移",
}  # fmt: skip
FITS = {
    "cover": "裁切铺满画面",
    "contain_blur": "完整显示（模糊背景）",
    "contain": "完整显示（黑边）",
}
STYLES = {
    "cinematic": "电影感：1.2 秒慢叠化、缓慢推镜、每张 4 秒、24 帧",
    "energetic": "动感：0.3 秒快速滑动、活泼的运镜、每张 1.5 秒",
    "calm": "舒缓：1.5 秒长叠化、轻微漂移、每张 5 秒",
    "minimal": "简约：直接切换、照片静止、每张 3 秒",
    "elegant": "优雅：1 秒黑场过渡、缓慢拉远、每张 3.5 秒",
    "dramatic": "震撼：黑场过渡、强烈推镜、每张 3 秒",
}
SHAPES = {(16, 9): "横屏 16:9", (9, 16): "竖屏 9:16", (1, 1): "方形 1:1", (4, 5): "4:5",
          (4, 3): "4:3", (3, 4): "3:4"}  # fmt: skip
HELP = (
    "我可以把你的照片做成视频，再通过对话修改。试试："
    "“做一个15秒的视频”、“改成竖屏”、“加标题「夏天」”、“加背景音乐，音量30%”、"
    "“第一张和最后一张换一下”、“电影感”、“撤销”、“导出”。"
)
SUGGEST_NEW = "“做一个15秒的视频”、“做一个抖音竖屏视频”、“每张照片两秒”"
SUGGEST_EDIT = "“改成20秒”、“加标题「夏天」”、“转场慢一点”"


def secs(ms: float) -> str:
    value = round(ms / 1000, 1)
    return f"{int(value)} 秒" if value == int(value) else f"{value} 秒"


def shape(width: int, height: int) -> str:
    for (a, b), name in SHAPES.items():
        if abs(width / height - a / b) < 0.01:
            return name
    return f"{width}x{height}"


# ---------------------------------------------------------------------------
# Edits
# ---------------------------------------------------------------------------


def _made(op: EditOp, draft: Draft | None) -> str:
    if draft is None:
        return "做好了视频。"
    segs = next((t.segments for t in draft.video_tracks if t.segments), [])
    lengths = {s.duration_ms for s in segs}
    each = f"每张 {secs(segs[0].duration_ms)}" if len(lengths) == 1 and segs else "每张时长不一"
    cuts = {s.meta.transition.type if s.meta.transition else "none" for s in segs[:-1]}
    look = [each]
    if len(cuts) == 1:
        look.append(TRANSITIONS.get(cuts.pop(), "转场"))
    verb = "重新开始：做好了" if op.name == "start_over" else "做好了"
    size = f"{shape(draft.meta.width, draft.meta.height)}（{draft.meta.width}x{draft.meta.height}）"
    return f"{verb}一个 {secs(draft.duration_ms)} 的{size}视频，共 {len(segs)} 个片段：{'，'.join(look)}。"


def _canvas(op: EditOp, draft: Draft | None) -> str:
    r = op.result
    parts = []
    if op.args.get("aspect") or op.args.get("resolution"):
        parts.append(f"画面改为{shape(r['width'], r['height'])}（{r['width']}x{r['height']}）")
    if op.args.get("fps"):
        parts.append(f"帧率改为 {r['fps']} 帧")
    return "，".join(parts) + "。" if parts else "画面已更新。"


def _photo_duration(op: EditOp, draft: Draft | None) -> str:
    photos = op.args.get("photos") or []
    durations = op.result.get("durations") or []
    total = secs(op.result.get("d", 0))
    segs = next((t.segments for t in draft.video_tracks if t.segments), []) if draft else []
    if op.args.get("even"):
        return f"每张照片时长一样了；视频仍是 {total}。"
    shown = secs(durations[0]) if durations else ""
    if segs and len(photos) == len(segs) and len(segs) > 1:
        return f"每张照片改为 {shown}；视频共 {total}。"
    which = "、".join(f"第 {p} 张" for p in photos)
    return f"{which}改为 {shown}；视频共 {total}。"


def _transitions(op: EditOp, draft: Draft | None) -> str:
    made = op.result.get("transitions") or []
    kinds = {t["type"] for t in made}
    if kinds == {"none"}:
        cuts = len(draft.video_tracks[0].segments) - 1 if draft and draft.video_tracks else 0
        if 0 < len(made) < cuts:
            which = "、".join(f"第 {t['cut']}-{t['cut'] + 1} 张" for t in made)
            return f"{which}之间改为直接切换。"
        return "去掉了转场，改为直接切换。"
    lengths = {t["d"] for t in made if t["type"] != "none"}
    length = secs(lengths.pop()) if len(lengths) == 1 else "不同时长"
    name = TRANSITIONS.get(kinds.pop(), "转场") if len(kinds) == 1 else "转场"
    where = "" if len(made) > 1 else f"（第 {made[0]['cut']} 和第 {made[0]['cut'] + 1} 张之间）"
    return f"转场改为{name}（{length}）{where}。"


def _motion(op: EditOp, draft: Draft | None) -> str:
    moves = op.result.get("motion") or []
    kinds = {m["type"] for m in moves}
    photos = op.args.get("photos") or []
    who = "照片" if len(photos) != 1 else f"第 {photos[0]} 张"
    if kinds == {"none"}:
        return f"{who}保持静止。"
    if kinds == {"zoom_in", "zoom_out"}:
        return f"{who}放大、缩小交替。"
    name = MOTIONS.get(kinds.pop(), "运镜") if len(kinds) == 1 else "交替运镜"
    return f"{who}的运镜改为{name}。"


def _text_added(op: EditOp, draft: Draft | None) -> str:
    role = "字幕" if op.args.get("role") == "caption" else "标题"
    if "captions" in op.result:
        return f"给 {op.result['captions']} 张照片加上了字幕「{op.args.get('text', '')}」。"
    span = f"{secs(op.result.get('s', 0)).removesuffix(' 秒')}-{secs(op.result.get('s', 0) + op.result.get('d', 0))}"
    look = [_PLACE_ZH[p] for p in [op.result.get("position")] if p in ("top", "bottom")]
    if op.result.get("clear_of_faces"):
        look.append("避开人脸")
    color = str(op.result.get("color") or "").upper()
    if color and color != "#FFFFFF":
        look.append(_COLOR_ZH.get(color, color))
    extra = "，" + "，".join(look) if look else ""
    return f"加上了{role}「{op.args.get('text', '')}」（{span}{extra}）。"


def _text_edited(op: EditOp, draft: Draft | None) -> str:
    if op.args.get("text") and "texts" not in op.result:
        return f"标题改成了「{op.args['text']}」。"
    texts = op.result.get("texts") or []
    said = "、".join(f"「{t['text']}」" for t in texts[:3])
    args = op.args
    changes = []
    if args.get("color"):
        changes.append("颜色改为" + _COLOR_ZH.get(str(args["color"]).upper(), str(args["color"])))
    if args.get("position"):
        changes.append("位置改到" + _PLACE_ZH.get(str(args["position"]), str(args["position"])))
    factor = args.get("size_factor")
    if args.get("size") or factor:
        changes.append("字变大了" if not factor or float(str(factor)) > 1 else "字变小了")
    if args.get("box"):
        changes.append("加了底框")
    if args.get("timed") and texts:
        start, length = texts[0]["s"], texts[0]["d"]
        changes.append(f"显示 {secs(start).removesuffix(' 秒')}-{secs(start + length)}")
    if not changes:
        return f"文字 {said} 已更新。"
    return f"文字 {said}：" + "，".join(changes) + "。"


_COLOR_ZH = {
    "#FFFFFF": "白色", "#000000": "黑色", "#E53935": "红色", "#43A047": "绿色",
    "#1E88E5": "蓝色", "#FDD835": "黄色", "#FB8C00": "橙色", "#EC407A": "粉色",
    "#8E24AA": "紫色", "#FFC107": "金色", "#9E9E9E": "灰色",
}  # fmt: skip
_PLACE_ZH = {"top": "顶部", "bottom": "底部", "center": "中间"}


def _music(op: EditOp, draft: Draft | None) -> str:
    r = op.result
    fades = f"，结尾 {secs(r.get('fade_out', 0))} 淡出" if r.get("fade_out") else ""
    if r.get("fade_in"):
        fades = f"，开头 {secs(r['fade_in'])} 淡入" + fades
    start = f"，从歌曲第 {secs(r['offset'])} 开始" if r.get("offset") else ""
    loop = "" if r.get("loop", True) else "，只播放一遍"
    return f"背景音乐：{op.args.get('file', '')}，音量 {percent(r.get('volume', 1))}{fades}{start}{loop}。"


def _clip_audio(op: EditOp, draft: Draft | None) -> str:
    said = {"keep": "保留视频原声", "mute": "视频原声已静音", "duck": "视频原声压在音乐下面"}
    return said.get(op.args.get("mode", ""), "视频原声已更新") + "。"


def _order(op: EditOp) -> str:
    return "、".join(op.result.get("order") or [])


def _history(op: EditOp, draft: Draft | None) -> str:
    steps = op.args.get("steps", 1)
    if op.name == "redo":
        return "已重做。" if steps == 1 else f"已重做 {steps} 步。"
    if draft is None:
        return "已撤销：时间线又空了，说“重做”可以恢复。"
    return "已撤销上一步。" if steps == 1 else f"已撤销最近 {steps} 步。"


def _framed(op: EditOp, draft: Draft | None) -> str:
    r = op.result
    parts = []
    if r.get("faces"):
        parts.append(f"{r['faces']} 张有人脸的照片")
    if r.get("subjects"):
        parts.append(f"{r['subjects']} 张对准主体")
    said = "取景已保持在画面里：" + "，".join(parts) + "。"
    if r.get("zoomed"):
        said += f"其中 {r['zoomed']} 张镜头推近人脸。"
    return said


def _beats(op: EditOp, draft: Draft | None) -> str:
    r = op.result
    if op.args.get("every"):
        change = (
            f"由 {secs(r['was'])} 变为 {secs(r['d'])}"
            if r["d"] != r["was"]
            else f"为 {secs(r['d'])}"
        )
        said = f"每张照片改为 {r['beats']} 拍（{r['bpm']} BPM，每张 {secs(r['photo_ms'])}），视频时长{change}。"
    elif r.get("off_beat"):
        said = (
            f"{r['cuts'] - r['off_beat']}/{r['cuts']} 个切点落在节拍上（{r['bpm']} BPM）；"
            f"{r['off_beat']} 个附近没有节拍（超出音乐结尾，或离下一个切点太近）。"
        )
    else:
        said = f"每个切点都落在音乐的节拍上（{r['bpm']} BPM）；视频仍是 {secs(r['d'])}。"
    if r.get("shortened"):
        said += f"为了对齐，缩短了 {r['shortened']} 个转场。"
    return said


def _by_time(op: EditOp, draft: Draft | None) -> str:
    undated = op.result.get("undated", 0)
    rest = f"；{undated} 张没有日期，放在最后" if undated else ""
    return f"照片已按拍摄时间排序（{op.result.get('dated', 0)} 张有日期{rest}）。"


def _found_removed(op: EditOp, draft: Draft | None) -> str:
    shown = op.result.get("removed") or []
    what = "重复" if op.name == "remove_duplicates" else "模糊"
    return f"删掉了 {len(shown)} 张{what}的照片：{'、'.join(shown)}。说“撤销”可以恢复。"


def _dated(op: EditOp, draft: Draft | None) -> str:
    said = f"每张照片都加上了日期{'和地点' if op.result.get('placed') else ''}字幕。"
    if op.result.get("undated"):
        said += f"{op.result['undated']} 张照片没有日期，没有加。"
    return said


EDITS: dict[str, Callable[[EditOp, Draft | None], str]] = {
    "make_video": _made,
    "start_over": _made,
    "set_canvas": _canvas,
    "set_duration": lambda op, d: f"视频时长改为 {secs(op.result.get('d', 0))}。",
    "set_photo_duration": _photo_duration,
    "set_transitions": _transitions,
    "set_motion": _motion,
    "set_fit": lambda op, d: f"照片改为{FITS.get(op.args.get('fit', ''), '新的填充方式')}。",
    "add_text": _text_added,
    "add_captions": lambda op, d: f"给 {op.result.get('captions', 0)} 张照片加上了字幕。",
    "edit_text": _text_edited,
    "remove_text": lambda op, d: (
        "删掉了文字：" + "、".join(f"「{t}」" for t in op.result.get("removed", [])) + "。"
    ),
    "set_music": _music,
    "set_music_volume": lambda op, d: f"音乐音量改为 {percent(op.result.get('volume', 0))}。",
    "fade_music": lambda op, d: _music_fades(op),
    "remove_music": lambda op, d: "去掉了背景音乐。",
    "set_clip_audio": _clip_audio,
    "swap_photos": lambda op, d: f"交换了两张照片，现在的顺序：{_order(op)}。",
    "move_photo": lambda op, d: (
        f"移到了第 {op.result.get('position')} 张，现在的顺序：{_order(op)}。"
    ),
    "remove_photo": lambda op, d: (
        "删掉了 "
        + "、".join(op.result.get("removed", []))
        + f"；还剩 {op.result.get('segments')} 张，共 {secs(op.result.get('d', 0))}。"
    ),
    "duplicate_photo": lambda op, d: f"复制了一张，放在第 {op.result.get('position')} 张。",
    "reverse_photos": lambda op, d: f"照片顺序倒过来了：{_order(op)}。",
    "shuffle_photos": lambda op, d: f"打乱了照片顺序：{_order(op)}。",
    "sort_photos": lambda op, d: f"照片按文件名排好了：{_order(op)}。",
    "add_photos": lambda op, d: (
        ("放回了 " if op.args.get("restored") else "加上了 ")
        + "、".join(op.args.get("photos", []))
        + f"；视频共 {op.result.get('segments')} 张、{secs(op.result.get('d', 0))}。"
    ),
    "replace_photo": lambda op, d: f"第 {op.args.get('photo')} 张换成了 {op.args.get('with')}。",
    "apply_style": lambda op, d: f"换成了{STYLES.get(op.args.get('style', ''), '新的风格')}。",
    "undo": _history,
    "redo": _history,
    "keep_subjects": _framed,
    "cut_to_beats": _beats,
    "order_by_time": _by_time,
    "remove_duplicates": _found_removed,
    "remove_blurred": _found_removed,
    "caption_dates": _dated,
}


def edit(op: EditOp, draft: Draft | None) -> str | None:
    """The Chinese sentence for one edit, or None for an edit this table does not know."""
    render = EDITS.get(op.name)
    return render(op, draft) if render else None


# ---------------------------------------------------------------------------
# Everything else the agent says
# ---------------------------------------------------------------------------

_UNSUPPORTED_ZH = "这个我还做不到；我可以改顺序、时长、画面、转场、运镜、文字和音乐。"
SENTENCES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = tuple(
    (re.compile(pattern, re.S), render)
    for pattern, render in (
        (r"^There is nothing to undo yet\.$", lambda m: "还没有可以撤销的操作。"),
        (r"^There is nothing to redo", lambda m: "没有可以重做的操作：重做只能在撤销之后。"),
        (r"^There are no photos in this session yet", lambda m: "这个会话里还没有照片：请先上传照片或视频，然后再说一次。"),
        (r"^To add music, upload an audio file first", lambda m: "要加音乐，请先上传一个音频文件（mp3、wav、m4a 或 aac），然后说“加背景音乐”。"),
        (r"^What should the (title|caption) say\?", lambda m: ("标题" if m[1] == "title" else "字幕") + "要写什么？例如：加标题「夏天」。"),
        (r"^Which photo should I remove\?", lambda m: "要删哪一张？请说第几张或文件名。"),
        (r'^Which photo is the "(.+?)" one\? I know photos by file name \((.*)\)', lambda m: f"“{m[1]}”是哪一张？我按文件名（{m[2]}）或位置（“第二张”）认照片。"),
        (r"^Which song: (.+)\?$", lambda m: f"用哪首歌：{m[1].replace(' or ', ' 还是 ')}？"),
        (r'^Should the (title|caption) "(.*)" say "(.*)" instead\?', lambda m: f"要把{'标题' if m[1] == 'title' else '字幕'}「{m[2]}」改成「{m[3]}」吗？如果是，请说：标题改成「{m[3]}」。"),
        (r"^Do you mean photo (\d+) for (\d+) seconds", lambda m: f"是把第 {m[1]} 张改成 {m[2]} 秒，还是把第 {m[1]} 张移到第 {m[2]} 个位置？"),
        (r"^Where in the song should it start\?", lambda m: "音乐从哪里开始？我找不到副歌，请说例如：音乐从0:45开始。"),
        (r"^Which look would you like", lambda m: "想要哪种风格：电影感、动感、舒缓、简约、优雅还是震撼？"),
        (r"^There is no title yet", lambda m: "还没有标题；可以说：加标题「夏天」。"),
        (r"^There are no captions yet", lambda m: "还没有字幕；可以说：第一张加字幕「你好」。"),
        (r"^There is no text on the video yet", lambda m: "视频上还没有文字；可以说：加标题「夏天」。"),
        (r"^There is no (?:photo )?(.+?): the video has (\d+) photo", lambda m: f"没有{m[1]}：视频只有 {m[2]} 张照片。"),
        (r"^There is no music on the video yet", lambda m: "视频还没有背景音乐；先说“加背景音乐”。"),
        (r"^Transitions I can use: ", lambda m: "可用的转场：" + "、".join(TRANSITIONS.values()) + "。"),
        (r"^The music is already on: (\S+) at (\d+%)", lambda m: f"已经有背景音乐了：{m[1]}，音量 {m[2]}。"),
        (r"^The music \((\S+)\) already loops", lambda m: f"背景音乐 {m[1]} 已经是循环播放了。"),
        (r"^The music \((\S+)\) already plays once", lambda m: f"背景音乐 {m[1]} 已经是只播放一次了。"),
        (r"^It is already (.+?) \((\d+)x(\d+), (\S+), (\d+) fps\)", lambda m: f"已经是{shape(int(m[2]), int(m[3]))}（{m[2]}x{m[3]}，{m[5]} 帧）了。"),
        (r"^The video is (\S+) s long: (\d+) photos?, (.+) each\.", lambda m: f"视频时长 {m[1]} 秒：共 {m[2]} 张照片，每张 {m[3].replace(' s', ' 秒')}。"),
        (r"^(\d+) photos?: (.+)\.$", lambda m: f"共 {m[1]} 张照片：{m[2]}。"),
        (r"^(\d+)x(\d+) \((\S+), (\S+)\) at (\d+) fps\.", lambda m: f"{m[1]}x{m[2]}（{m[3]}，{m[4]}），{m[5]} 帧。"),
        (r"^Photo (\d+) is (\S+): (\S+) s, (.+)\.$", lambda m: f"第 {m[1]} 张是 {m[2]}：{m[3]} 秒。"),
        (r"^Music: (\S+) at (\d+%)", lambda m: f"背景音乐：{m[1]}，音量 {m[2]}。"),
        (r"^No music yet", lambda m: "还没有背景音乐。"),
        (r"^Text: (.*)$", lambda m: "文字：" + m[1].replace("title", "标题").replace("caption", "字幕")),
        (r"^There is no text on the video yet\.", lambda m: "视频上还没有文字。"),
        (r"^The order: (.*)$", lambda m: f"顺序：{m[1]}"),
        (r"^(Every photo is|Photo (\d+) is|Those photos are) already shown whole", lambda m: ("第 " + m[2] + " 张" if m[2] else "照片") + "已经是完整显示了。"),
        (r"^(Every photo is|Photo (\d+) is|Those photos are) already cropped", lambda m: ("第 " + m[2] + " 张" if m[2] else "照片") + "已经是裁切铺满了。"),
        (r"^What should be (bigger|smaller)\?", lambda m: f"要把什么{'放大' if m[1] == 'bigger' else '缩小'}？例如：标题{'大' if m[1] == 'bigger' else '小'}一点。"),
        (r"^Should I remove (.+?), or change it\?", lambda m: f"要删掉{_photo_zh(m[1])}，还是改一改？可以说：删掉{_photo_zh(m[1])}。"),
        (r"^Undo once more, or bring back what you just undid\?", lambda m: "是再撤销一步，还是恢复刚才撤销的？请说“撤销”或“重做”。"),
        (r"^Hard cuts between every photo", lambda m: "每张之间都是直接切换，没有转场。"),
        (r"^(.+?)s of (\S+) s between every photo", lambda m: f"每张之间都是{_transition_zh(m[1])}（{m[2]} 秒）。"),
        (r"^Transitions: (.*)\.$", lambda m: "转场：" + _cuts_zh(m[1]) + "。"),
        (r"^I turn your photos into a video", lambda m: HELP),
        (r"^Hi! ", lambda m: "你好！" + HELP),
        (r"^You're welcome", lambda m: "不客气！满意了就说“导出”。"),
        (r"^OK, I left it as it is\.", lambda m: "好的，保持不变。"),
        (r"^Which song\? Say its file name\.", lambda m: "用哪首歌？请说文件名。"),
        (r"^Looks I know", lambda m: "我会的风格：" + "；".join(STYLES.values()) + "。"),
        (r'^Not done: "(.*?)"\. ', lambda m: f"没有做到：「{m[1]}」。{_UNSUPPORTED_ZH}"),
        (r"^I can't", lambda m: _UNSUPPORTED_ZH),
        (r'^I didn\'t understand "(.*)", so I left that out\.$', lambda m: f"“{m[1]}”我没看懂，这部分没有改。"),
        (r"^Nothing changed\.", lambda m: "没有改动。"),
        (r"^Nothing needed changing\.", lambda m: "不需要改动。"),
        (r"^There is no video yet", lambda m: "还没有视频；说“做一个15秒的视频”开始。"),
        (r"^(?:A|An) (\S+) s (\S+) video \((\d+)x(\d+), (\d+) fps\) of (\d+) photos?", lambda m: f"一个 {m[1]} 秒的视频（{m[3]}x{m[4]}，{m[5]} 帧），共 {m[6]} 张照片。"),
        (r"^(\S+) is not in the video", lambda m: f"{m[1]} 不在视频里；可以说“把 {m[1]} 加进去”。"),
        (r"^Nothing was removed just now", lambda m: "刚才没有删掉照片，所以没有可以放回去的。"),
        (r"^Those photos are already back", lambda m: "那些照片已经在视频里了。"),
        (r"^The video already has all (\d+) photos", lambda m: f"视频里已经有全部 {m[1]} 张照片了；说“重新做一个视频”可以重来。"),
        (r"^There is only one photo", lambda m: "只有一张照片，没有转场的地方。"),
        (r"^That would remove every photo", lambda m: "那样会删掉所有照片。说“重新开始”可以重来，或者说要删哪几张。"),
        (r"^I kept them to two thirds", lambda m: "转场最长为较短照片的三分之二，这样每张照片都看得清。"),
        (r"^Videos are at most", lambda m: "视频最长 10 分钟。"),
        (r"^(\S+) fps is not offered: only 24, 25, 30 or 60 fps", lambda m: f"不支持 {m[1]} 帧：只有 24、25、30 或 60 帧，帧率没有改。"),
        (r"^(\S+) fps is not offered; I used (\d+) fps\.", lambda m: f"没有 {m[1]} 帧这个选项，用了 {m[2]} 帧。"),
        (r"^(\S+) is not one of the presets, so I used (\S+)\.", lambda m: f"{m[1]} 不是预设比例，用了 {m[2]}。"),
        (r"^photoreel exports up to 1080p", lambda m: "photoreel 最高导出 1080p，所以设为 1080p。"),
        (r"^I found no face or clear subject", lambda m: "这些照片里没有找到人脸或明显的主体。"),
        (r"^There is no music yet: add a song first", lambda m: "还没有背景音乐：先加一首歌，我才能卡点。"),
        (r"^I could not find a beat in this music", lambda m: "这首音乐里找不到节拍，切点保持不变。"),
        (r"^There is only one photo, so there is no cut", lambda m: "只有一张照片，没有可以移动的切点。"),
        (r"^There are no photos to time to the music", lambda m: "还没有照片可以跟着音乐卡点。"),
        (r"^The music has no beat while the photos show", lambda m: "照片显示的这段音乐里没有节拍。"),
        (r"^The photos were already in the order they were taken", lambda m: "照片已经是按拍摄时间排列的了。"),
        (r"^None of these photos says when it was taken", lambda m: "这些照片都没有拍摄时间（没有 EXIF 日期，文件名里也没有日期）。"),
        (r"^No photo in the video (looked like duplicates|were blurred)", lambda m: "视频里没有" + ("重复" if "dup" in m[1] else "模糊") + "的照片。"),
        (r"^Every photo (looked like duplicates|were blurred)", lambda m: "每张照片都" + ("像是重复的" if "dup" in m[1] else "是模糊的") + "，所以都保留了。"),
        (r"^I found no (duplicates|blurred photos)", lambda m: "视频里的照片没有" + ("重复" if m[1] == "duplicates" else "模糊") + "的。"),
        (r"^The video stays (\S+) s as asked\.", lambda m: f"视频按要求保持 {m[1]} 秒。"),
        (r"^There is nothing to caption\.", lambda m: "没有可以加字幕的照片。"),
    )
)  # fmt: skip


def _music_fades(op: EditOp) -> str:
    fade_in, fade_out = op.result.get("fade_in", 0), op.result.get("fade_out", 0)
    if not fade_in and not fade_out:
        return "音乐不再淡入淡出。"
    said_in = f"开头淡入 {secs(fade_in)}" if fade_in else "开头不淡入"
    said_out = f"结尾淡出 {secs(fade_out)}" if fade_out else "结尾不淡出"
    return f"音乐{said_in}，{said_out}。"


def _photo_zh(said: str) -> str:
    """ "photo 3" -> 第 3 张, "the last photo" -> 最后一张; a file name stays as it is."""
    if said == "the last photo":
        return "最后一张"
    found = re.fullmatch(r"photo (\d+)", said)
    return f"第 {found[1]} 张" if found else said


def _transition_zh(said: str) -> str:
    """ "Crossfade" / "fade through black" (as the English reply names it) in Chinese."""
    kind = next((k for k, name in TRANSITION_NAMES.items() if name == said.lower()), None)
    return TRANSITIONS.get(kind, said) if kind else said


def _cuts_zh(said: str) -> str:
    """ "1-2 crossfade 0.8 s, 2-3 hard cut" -> 第 1-2 张 淡入淡出 0.8 秒，..."""
    parts = []
    for cut in said.split(", "):
        found = re.match(r"(\d+)-(\d+) (.+?)(?: (\S+) s)?$", cut)
        if found is None:
            parts.append(cut)
            continue
        length = f" {found[4]} 秒" if found[4] else ""
        parts.append(f"第 {found[1]}-{found[2]} 张 {_transition_zh(found[3])}{length}")
    return "，".join(parts)


def sentence(text: str) -> str:
    """A sentence the agent said that is not an edit, in Chinese (kept as is if unknown)."""
    for pattern, render in SENTENCES:
        found = pattern.search(text)
        if found:
            return render(found)
    return text


def not_understood(said: str, has_video: bool) -> str:
    tries = SUGGEST_EDIT if has_video else SUGGEST_NEW
    return f"抱歉，我没听懂“{said}”。可以试试：{tries}。"
