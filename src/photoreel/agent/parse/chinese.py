"""Simplified Chinese, read into the agent's own words.

People write Chinese with no spaces, numbers in characters or digits (十五秒,
两秒半, 一分半, 1分30秒, 百分之三十, １５), and word order that puts the
object first (把第二张删掉). Rather than a second set of parsers, a run of
Chinese is read into the same canonical words the English parsers match
("竖屏" -> "vertical", "第二张" -> "2nd photo", "删掉" -> "remove",
"十五秒" -> "15 seconds"), each keeping its span in what was typed, so text the
person wrote as a title keeps its characters.

Why no general segmenter (jieba): the agent needs the meaning of a few hundred
editing words, which a segmenter does not give; longest match over this
lexicon segments exactly those, and anything else stays one run of characters
(a title's words, a name). jieba would also cost the server about a second and
tens of megabytes to load its dictionary for no better reading.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

CJK_CHAR = r"\u3400-\u9fff\uf900-\ufaff〇"
_CJK = re.compile(f"[{CJK_CHAR}]")
_RUN = re.compile(f"[{CJK_CHAR}]+")

# Full-width forms typed by Chinese keyboards, mapped one character to one, so
# spans into the typed text stay right ("１５秒" is "15秒", "９：１６" is "9:16").
_WIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
_WIDTH.update({"。": ".", "、": ",", "～": "~", "　": " ", "·": " "})
_WIDTH_TABLE = str.maketrans(_WIDTH)


def has_chinese(text: str) -> bool:
    return _CJK.search(text) is not None


_QUESTION = re.compile(r"什么|多少|多长|多久|几张|几个|哪|吗|呢|啥|怎么|是不是|有没有")
_NOT_QUESTION = re.compile(r"写什么|叫什么|不管")


def asks_in_chinese(text: str) -> bool:
    """一个问题 without a question mark: 视频多长, 第四张是什么, 有背景音乐吗."""
    return bool(_QUESTION.search(text)) and not _NOT_QUESTION.search(text)


def narrow(text: str) -> str:
    """Full-width digits, letters and punctuation as ASCII, keeping every position."""
    return text.translate(_WIDTH_TABLE)


# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------

DIGITS = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4, "五": 5,
    "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_NUMERAL = re.compile(r"[零〇一二两俩三四五六七八九十百]+(?:点[零〇一二三四五六七八九]+)?")


def numeral_value(text: str) -> float | None:
    """十五 -> 15, 二十五 -> 25, 一百二十 -> 120, 两 -> 2, 零点三 -> 0.3; None if not a number."""
    whole, _, frac = text.partition("点")
    value = 0
    current = 0
    seen = False
    for char in whole:
        if char in DIGITS:
            current = DIGITS[char]
            seen = True
        elif char == "十":
            value += (current or 1) * 10
            current = 0
            seen = True
        elif char == "百":
            value += (current or 1) * 100
            current = 0
            seen = True
        else:
            return None
    if not seen:
        return None
    value += current
    if frac:
        digits = "".join(str(DIGITS[c]) for c in frac if c in DIGITS)
        return float(f"{value}.{digits}") if digits else float(value)
    return float(value)


# ---------------------------------------------------------------------------
# Words: Chinese -> the agent's canonical words ("" drops the word)
# ---------------------------------------------------------------------------

# Ordered by nothing: the reader always takes the longest entry that matches.
LEXICON: dict[str, str] = {
    # fillers and politeness
    "的": "", "了": "", "吧": "", "呗": "", "嘛": "", "啊": "", "呀": "", "哦": "", "哈": "",
    "哈哈": "", "哎呀": "", "嗯": "", "嗯那个": "", "呃": "", "哇": "", "滴": "", "咯": "",
    "就行": "", "就好": "", "一下": "", "帮我": "", "给我": "", "帮忙": "", "麻烦": "",
    "请": "please", "谢谢": "", "谢啦": "", "好的": "", "好": "", "等下": "",
    "等一下": "", "不对": "", "还是": "", "能": "can", "能不能": "can", "可以": "can",
    "要": "", "想要": "",
    "应该是": "should be", "应该": "should",
    "我想": "", "我要": "", "需要": "", "一个": "a", "个": "",
    "把": "", "将": "", "让": "", "使": "", "对": "", "都": "", "也": "", "就": "", "只": "only",
    "只要": "only", "只用": "only", "只有": "only", "用": "use", "使用": "use", "给": "",
    "现在": "", "一直": "whole video", "全程": "whole video", "整个视频": "whole video",
    "左右": "about", "大概": "about", "大约": "about", "差不多": "about",
    "到": "to", "去": "", "在": "", "从": "from", "所有": "all", "根据": "from", "进去": "",
    "地方": "", "位置": "position", "加进去": "add",
    "顺便": "and", "然后": "then", "再": "then", "并且": "and", "而且": "and", "还有": "and",
    "同时": "and", "另外": "and", "但是": "but", "但": "but", "不过": "but", "和": "and",
    "跟": "and", "与": "and", "及": "and", "以及": "and",
    "这": "this", "这个": "this", "这张": "this photo", "那": "that", "那张": "that photo",
    "那个": "that one", "它": "it", "它们": "them", "我": "i", "你": "you", "他": "",
    "我们": "our",
    # making
    "做": "make", "做个": "make a", "做一个": "make a", "做成": "make", "制作": "make",
    "生成": "make", "弄": "make", "弄个": "make a", "弄成": "make", "搞": "make",
    "搞个": "make a", "整": "make", "整个": "make a", "转": "make", "转成": "make",
    "变成": "make", "剪": "make", "剪辑": "make", "合成": "make",
    "视频": "video", "短视频": "video", "小视频": "video", "影片": "video", "片子": "video",
    "短片": "video", "幻灯片": "slideshow", "相册": "slideshow",
    "照片": "photos", "图片": "photos", "图": "photos", "相片": "photos", "张": "photo",
    # what photos show, said the way their file names often are (cat.jpg, dog.jpg)
    "猫": "cat", "猫咪": "cat", "小猫": "cat", "狗": "dog", "狗狗": "dog", "小狗": "dog",
    "海滩": "beach", "沙滩": "beach", "城市": "city", "火箭": "rocket", "日落": "sunset",
    "这些": "these", "这几张": "these photos", "几张": "how many photos",
    "每张": "each photo", "每张图片": "each photo", "每张照片": "each photo",
    "每张图": "each photo", "每一张": "each photo", "一张": "per photo", "每个": "each",
    "一共": "total", "总共": "total", "总长": "total length", "时长": "length",
    "长度": "length", "持续": "", "停留": "", "停": "", "展示": "", "显示": "show",
    "带": "with", "配上": "add", "加上": "add", "加": "add", "加个": "add a",
    "加一个": "add a", "加点": "add some", "来点": "add some", "来个": "add a",
    "加首": "add", "配个": "add", "配": "add", "添加": "add", "增加": "add", "放": "put",
    "开始放": "start playing", "开始播放": "start playing", "播放": "play",
    "放到": "put", "放在": "put", "挪到": "move to", "移到": "move to", "移动到": "move to",
    "挪": "move", "放回去": "put it back", "加回来": "add back", "加回去": "add back",
    "放回来": "put it back", "弄回来": "put it back",
    "产品": "product", "风格": "style", "感": "", "的感觉": "",
    # platforms
    "抖音": "tiktok", "快手": "tiktok", "视频号": "vertical", "小红书": "3:4",
    "b站": "youtube", "B站": "youtube", "哔哩哔哩": "youtube", "油管": "youtube",
    "朋友圈": "", "发": "", "发到": "post to", "发布": "publish",
    # canvas
    "竖屏": "vertical", "竖版": "vertical", "竖的": "vertical", "竖着": "vertical",
    "竖过来": "vertical", "竖平": "vertical", "竖": "vertical",
    "横屏": "horizontal", "横版": "horizontal", "横的": "horizontal", "横着": "horizontal",
    "横过来": "horizontal", "横": "horizontal",
    "方形": "square", "正方形": "square", "方的": "square",
    "比例": "aspect ratio", "画幅": "aspect ratio", "尺寸": "size", "分辨率": "resolution",
    "帧率": "framerate", "帧": "fps", "清晰度": "resolution", "高清": "hd",
    "改成": "make it", "改为": "make it", "换成": "make it", "调成": "make it",
    "调到": "to", "设为": "make it", "设成": "make it", "改": "change", "换": "change",
    "保持": "keep", "保留": "keep", "不变": "",
    # fit
    "裁切": "crop", "裁剪": "crop", "裁": "crop", "裁掉": "crop", "切掉": "crop",
    "不要裁切": "do not crop", "不要裁": "do not crop", "别裁": "do not crop",
    "别裁掉": "do not crop", "不裁": "do not crop", "别切": "do not crop",
    "完整显示": "show the whole photo", "显示完整的": "show the whole photo",
    "完整": "whole photo", "背景模糊": "blurred background", "模糊背景": "blurred background",
    "黑边": "black bars", "铺满": "fill the screen", "填满": "fill the screen",
    "屏幕": "", "全屏": "fill the screen",
    # transitions
    "转场": "transitions", "过渡": "transitions", "转场效果": "transitions",
    "不要转场": "no transitions", "无转场": "no transitions", "没有转场": "no transitions",
    "去掉转场": "no transitions", "直接切": "hard cuts", "硬切": "hard cuts",
    "直切": "hard cuts", "快切": "quick cuts", "切": "cut",
    "淡入淡出": "fade in and out", "淡入": "fade in", "淡出": "fade out",
    "渐隐": "fade out", "渐显": "fade in", "叠化": "dissolve", "溶解": "dissolve",
    "擦除": "wipe", "划像": "wipe", "滑动": "slide", "滑入": "slide", "滑": "slide",
    "向左": "left", "往左": "left", "向右": "right", "往右": "right", "向上": "up",
    "往上": "up", "向下": "down", "往下": "down", "黑场过渡": "fade through black",
    "黑场": "fade through black", "闪黑": "fade through black", "闪白": "fade to white",
    "白场": "fade to white", "圆形": "circle", "像素化": "pixelate", "马赛克": "pixelate",
    "缩放转场": "zoom transitions", "随机": "random", "平滑": "smooth", "柔和": "smooth",
    "之间": "between", "之前": "before", "之后": "after", "恢复": "bring back",
    # motion
    "放大": "enlarge", "推近": "zoom in", "推镜头": "zoom in", "推进": "zoom in",
    "缩小": "shrink", "拉远": "zoom out", "拉镜头": "zoom out", "缩放": "zoom",
    "平移": "pan", "向左平移": "pan left", "向右平移": "pan right", "向上平移": "pan up",
    "向下平移": "pan down", "往右移": "pan right", "往左移": "pan left", "向上摇": "pan up",
    "向下摇": "pan down", "运镜": "ken burns", "动效": "motion", "动作": "motion",
    "不要动": "do not move", "别动": "do not move", "不动": "do not move", "静止": "static",
    "晃": "", "晃得": "", "头晕": "", "看不清": "", "效果": "",
    "交替": "alternate", "交替着来": "alternate",
    # text
    "标题": "title", "大标题": "title", "字幕": "caption", "配文字": "caption",
    "文字": "text", "文本": "text", "字": "text", "一行字": "text", "一句": "text",
    "片尾": "end card", "片尾字幕": "end card", "结尾": "at the end", "片头": "at the start",
    "开头": "at the start", "开始": "start", "出现": "show", "写": "saying", "写上": "saying",
    "写着": "saying", "写个": "saying", "叫": "called", "命名为": "called", "名为": "called",
    "取名为": "called", "取名叫": "called", "标题为": "title called", "起个名字": "called",
    "起名字": "called", "取个名字": "called", "名字": "name", "文件名": "file names",
    "红色": "red", "红": "red", "黄色": "yellow", "黄": "yellow", "白色": "white",
    "白": "white", "黑色": "black", "黑": "black", "蓝色": "blue", "蓝": "blue",
    "绿色": "green", "绿": "green", "粉色": "pink", "粉": "pink", "橙色": "orange",
    "紫色": "purple", "金色": "gold",
    "底部": "at the bottom", "下面": "at the bottom", "下方": "at the bottom",
    "底下": "at the bottom",
    "顶部": "at the top", "上面": "at the top", "上方": "at the top", "顶上": "at the top",
    "居中": "in the center",
    "中间": "in the center", "正中": "in the center",
    "加粗": "bold", "粗体": "bold", "不要加粗": "regular weight", "不加粗": "regular weight",
    "背景框": "box", "底框": "box", "白底": "box", "黑底": "box", "框": "box",
    "两行": "two lines", "分两行": "two line",
    # sound
    "音乐": "music", "背景音乐": "music", "配乐": "music", "乐": "music", "歌": "song",
    "歌曲": "song", "曲子": "song", "首": "song", "音量": "volume", "声音": "sound",
    "原声": "clip sound", "视频原声": "clip sound", "静音": "mute", "关掉": "turn off",
    "关闭": "turn off", "大声": "louder", "响": "louder", "小声": "quieter", "轻": "quieter",
    "吵": "loud", "调小": "lower", "调低": "lower", "调大": "raise", "调高": "raise",
    "整体": "overall", "久一点": "longer a bit", "久点": "longer", "久些": "longer",
    "歌词": "lyrics", "文件名字": "file names", "照片名": "file names",
    "照片名字": "file names", "照片的名字": "file names", "图片名": "file names",
    "不喜欢": "do not like", "讨厌": "hate",
    "听不到": "louder", "听不见": "louder", "循环": "loop", "不要循环": "no loop",
    "不循环": "no loop", "跳过": "skip", "压在音乐下面": "duck under the music",
    "副歌": "chorus", "一半": "50 %",
    # arranging
    "删掉": "remove", "删除": "remove", "删了": "remove", "删": "remove", "去掉": "remove",
    "去除": "remove", "拿掉": "remove", "不要": "without", "别要": "without",
    "不用": "without", "换一下": "swap", "互换": "swap", "换个位置": "swap",
    "交换": "swap", "调换": "swap", "对调": "swap", "换位置": "swap",
    "最前面": "first", "最前": "first", "第一个": "first", "最后面": "last", "末尾": "end",
    "最后": "last", "最后一张": "last photo", "最后一个": "last one", "头尾": "first and last",
    "头尾两张": "first and last photos", "倒序": "reverse the order",
    "顺序反过来": "reverse the order", "反过来": "reverse", "倒过来": "reverse",
    "顺序": "order", "打乱": "shuffle", "打乱顺序": "shuffle", "随机排序": "shuffle",
    "排序": "sort", "按文件名排序": "sort by name", "按名字排序": "sort by name",
    "复制": "duplicate", "其他的": "others", "其他": "others", "其余": "others",
    "剩下的": "the rest", "都这样": "same", "也一样": "same", "一样": "same", "也这样": "same",
    "也是": "too", "刚加的": "just added", "刚加回来的": "just added", "刚删的": "just removed",
    # styles
    "电影感": "cinematic", "电影": "cinematic", "大片": "cinematic", "动感": "energetic",
    "燃": "energetic", "活力": "energetic", "节奏快": "energetic", "温馨": "calm",
    "安静": "calm", "舒缓": "calm", "治愈": "calm", "简约": "minimal", "简约风": "minimal",
    "简洁": "minimal", "高级感": "elegant", "高级": "elegant", "优雅": "elegant",
    "大气": "cinematic", "震撼": "dramatic", "vlog风格": "vlog",
    # history
    "撤销": "undo", "撤回": "undo", "撤消": "undo", "上一步": "undo", "返回上一步": "undo",
    "回到上一步": "undo", "退回": "undo", "回退": "undo", "重做": "redo",
    "改回来": "change it back", "算了": "never mind", "重新开始": "start over",
    "从头再来": "start over", "重来": "start over", "步": "steps", "刚才": "", "那一步": "",
    # questions
    "多长": "how long", "多久": "how long", "多少秒": "how many seconds", "什么": "what",
    "啥": "what", "哪些": "what", "哪张": "which", "哪个": "which",
    "多少": "how many", "吗": "?", "呢": "?", "帧率多少": "what fps",
    "写的什么": "what says", "能做什么": "what can you do", "帮助": "help",
    "时间线": "timeline", "有": "", "是": "is", "里": "",
    # routes
    "导出": "export", "下载": "download", "积分": "credits", "余额": "balance",
    "点数": "credits", "状态": "status", "上传": "upload", "查": "", "还剩": "",
    # comparisons: 长一点 is "a bit longer"; a complaint (太长了) asks for the opposite
    "长": "longer", "短": "shorter", "快": "faster", "慢": "slower", "大": "bigger",
    "小": "smaller", "强": "stronger", "弱": "weaker", "多": "more", "少": "less",
    "慢慢": "slow", "一点": "bit", "一点点": "bit", "点": "bit", "稍微": "bit", "有点": "",
    "些": "bit", "时间": "", "太长": "shorter", "太短": "longer", "太快": "slower",
    "太慢": "faster", "太大声": "quieter", "太吵": "quieter", "太响": "quieter",
    "太小声": "louder", "太轻": "louder", "太小": "bigger", "太大": "smaller",
    "太强": "weaker", "不太好看": "remove", "不好看": "remove", "好看": "better",
    "ctrl": "ctrl",
    "跳舞": "dance", "抠掉": "cut out", "抠": "cut out", "绿幕": "green screen",
    "打码": "blur faces", "人脸": "faces", "翻译": "translate", "上热门": "go viral",
    "热门": "viral", "特效": "effects", "3D": "3d",
    # things photoreel cannot do (named so the reply can say so)
    "滤镜": "filter", "美颜": "filter", "贴纸": "stickers", "配音": "voiceover",
    "旁白": "voiceover", "慢动作": "slow motion",
}  # fmt: skip

_LONGEST = max(len(k) for k in LEXICON)

# After a number: 分 is minutes, 比 a ratio, 张 photos, 倍 times.
_AFTER_NUMBER = {
    "秒": "seconds", "秒钟": "seconds", "分": "minutes", "分钟": "minutes",
    "小时": "hours", "帧": "fps", "张": "photos", "倍": "times", "比": ":",
    "首": "song", "步": "steps", "%": "%",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Word:
    """One canonical word read from Chinese, with its span in the typed text."""

    norm: str
    start: int
    end: int


def _number_at(text: str, i: int) -> tuple[float, int] | None:
    found = _NUMERAL.match(text, i)
    if found is None:
        return None
    value = numeral_value(found.group(0))
    return (value, found.end()) if value is not None else None


def read_run(text: str, start: int, after_number: bool = False) -> list[Word]:
    """Canonical words for the Chinese run `text` (starting at `start` in the source)."""
    out: list[Word] = []
    unknown_from: int | None = None
    i = 0

    def flush(upto: int) -> None:
        nonlocal unknown_from
        if unknown_from is not None and upto > unknown_from:
            out.append(Word(text[unknown_from:upto], start + unknown_from, start + upto))
        unknown_from = None

    def emit(norm: str, a: int, b: int) -> None:
        for part in norm.split():
            out.append(Word(part, start + a, start + b))

    while i < len(text):
        previous_number = (out and _is_num(out[-1].norm)) or (i == 0 and after_number)
        if previous_number:
            unit = next((u for u in ("秒钟", "分钟", "小时") if text.startswith(u, i)), None)
            unit = unit or (text[i] if text[i] in _AFTER_NUMBER else None)
            if unit is not None:
                flush(i)
                emit(_AFTER_NUMBER[unit], i, i + len(unit))
                i += len(unit)
                if unit in {"秒", "秒钟", "分", "分钟"} and text.startswith("半", i):
                    # 两秒半 / 一分半: the half belongs to the number said before
                    _add_half(out, unit)
                    i += 1
                continue
        if text.startswith("百分之", i):
            percent = _number_at(text, i + 3)
            if percent is not None:
                flush(i)
                value, end = percent
                emit(f"{_fmt(value)} %", i, end)
                i = end
                continue
        number = _number_at(text, i)
        if number is not None and not _word_starts_with_numeral(text, i):
            flush(i)
            value, end = number
            emit(_fmt(value), i, end)
            i = end
            continue
        if text[i] == "半":
            nxt = text[i + 1 : i + 3]
            if nxt.startswith("分"):
                flush(i)
                emit("30 seconds", i, i + (3 if nxt == "分钟" else 2))
                i += 3 if nxt == "分钟" else 2
                continue
            if nxt.startswith("秒"):
                flush(i)
                emit("0.5 seconds", i, i + 2)
                i += 2
                continue
        if text[i] == "第" and i + 1 < len(text):
            ordinal = _number_at(text, i + 1)
            if ordinal is not None:
                flush(i)
                value, end = ordinal
                emit(_ordinal(value), i, end)
                i = end
                continue
        if text[i] == "前" and i + 1 < len(text):
            count = _number_at(text, i + 1)
            if count is not None:
                flush(i)
                value, end = count
                emit(f"first {_fmt(value)}", i, end)
                i = end
                continue
        matched = _longest(text, i)
        if matched is not None and not (
            unknown_from is not None and len(matched) == 1 and not LEXICON[matched]
        ):  # a one-character filler inside someone's words (毕业旅行) is part of them
            flush(i)
            emit(LEXICON[matched], i, i + len(matched))
            i += len(matched)
            continue
        if unknown_from is None:
            unknown_from = i
        i += 1
    flush(len(text))
    return out


def _word_starts_with_numeral(text: str, i: int) -> bool:
    """一直, 一样, 一下, 一点, 一行字, 两行: lexicon words that begin with a numeral."""
    matched = _longest(text, i)
    if matched is None:
        return False
    number = _NUMERAL.match(text, i)
    return number is not None and len(matched) >= number.end() - i and matched != "一"


def _longest(text: str, i: int) -> str | None:
    for size in range(min(_LONGEST, len(text) - i), 0, -1):
        piece = text[i : i + size]
        if piece in LEXICON:
            return piece
    return None


def _add_half(out: list[Word], unit: str) -> None:
    """Turn "2 seconds" + 半 into "2.5 seconds"; "1 minutes" + 半 into "90 seconds"."""
    if len(out) < 2 or not _is_num(out[-2].norm):
        return
    number = float(out[-2].norm)
    if unit in {"分", "分钟"}:
        out[-2] = Word(_fmt(number * 60 + 30), out[-2].start, out[-2].end)
        out[-1] = Word("seconds", out[-1].start, out[-1].end + 1)
    else:
        out[-2] = Word(_fmt(number + 0.5), out[-2].start, out[-2].end)


def _is_num(word: str) -> bool:
    try:
        float(word)
    except ValueError:
        return False
    return True


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _ordinal(value: float) -> str:
    n = int(value)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# ---------------------------------------------------------------------------
# A whole instruction with Chinese in it
# ---------------------------------------------------------------------------

EnglishReader = Callable[[str, int], list[Word]]


# Words after which the rest of the request is what the person wants written
# (标题：毕业快乐, 加个标题叫开业大吉, 结尾写上谢谢观看！): kept as typed, one word.
_LEADS = frozenset(
    {"写", "写上", "写着", "写个", "写成", "叫", "叫做", "说", "应该是", "改成", "换成",
     "标题为", "命名为", "名为", "取名为", "取名叫"}
)  # fmt: skip
_TEXT_NOUNS_ZH = (
    "标题", "字幕", "文字", "字", "片尾", "结尾", "title", "caption", "text", "ending",
)  # fmt: skip
_VERBATIM_END = re.compile(r"[，,。；;、]|再|然后|顺便|并且|[!?！？](?=\s*\S)")


def _verbatim_from(source: str, pos: int) -> int | None:
    """Where someone's own words start at `pos` (after a colon or 写/叫 in a text request)."""
    if source[pos] in ":：":
        return None  # 标题写：My Dog Rocky: the words start after the colon
    before = source[:pos].rstrip()
    said_text = any(noun in source[:pos] for noun in _TEXT_NOUNS_ZH)
    if (
        before.endswith((":", "："))
        and before[:-1].strip()
        and not before[:-1].rstrip()[-1].isdigit()
    ):
        return pos  # 标题：毕业快乐 (but 9:16 is a ratio)
    if any((source[:pos] + source[pos]).endswith(lead) for lead in _LEADS):
        return None  # 写|上: the lead goes on
    lead = next((w for w in sorted(_LEADS, key=len, reverse=True) if before.endswith(w)), None)
    if lead in {"改成", "换成", "应该是"}:
        # 标题改成毕业旅行, but not 加标题「特卖」，改成10秒
        said_text = before[: -len(lead)].rstrip().endswith(_TEXT_NOUNS_ZH)
    if lead is not None and (said_text or lead in {"写", "写上", "写着", "写个", "叫", "命名为"}):
        return pos
    return None


_STYLE = frozenset(
    {"at", "the", "bottom", "top", "in", "center", "bigger", "smaller", "bit", "bold", "box",
     "regular", "weight", "red", "yellow", "white", "black", "blue", "green", "pink", "orange",
     "purple", "gold", "add", "a", "use", "with", "and", "shadow", "font", "size"}
)  # fmt: skip


# 每张照片下面写上文件名: not words to write, but each photo's own file name.
_FILE_NAMES_ZH = frozenset({"文件名", "文件名字", "照片名", "照片名字", "照片的名字", "图片名"})


def _is_style(text: str) -> bool:
    """标题改成红色: words that say how the text looks, not what it says."""
    if not has_chinese(text):
        return False
    found = [w.norm for w in read_run(text, 0)]
    return bool(found) and all(w in _STYLE for w in found)


def read_mixed(source: str, english: EnglishReader) -> list[Word]:
    """Words of an instruction mixing Chinese and other text (digits, English, file names).

    Chinese runs are read with the lexicon; the rest with `english`, the
    agent's English tokenizer, given the piece and its offset. The words a
    person wants written (after 写, 叫 or a colon) are kept as one word.
    """
    words: list[Word] = []
    pos = 0
    for piece_start, piece_end, verbatim in _pieces(source):
        piece = source[piece_start:piece_end]
        if verbatim:
            text = piece.strip()
            if text:
                first = piece_start + (len(piece) - len(piece.lstrip()))
                words.append(Word(text, first, first + len(text)))
            continue
        pos = piece_start
        for run in _RUN.finditer(piece):
            start = piece_start + run.start()
            if start > pos:
                words += english(source[pos:start], pos)
            after_number = bool(words) and _is_num(words[-1].norm) and start == words[-1].end
            words += read_run(run.group(0), start, after_number)
            pos = piece_start + run.end()
        if pos < piece_end:
            words += english(source[pos:piece_end], pos)
    return settle(words)


def _pieces(source: str) -> list[tuple[int, int, bool]]:
    """(start, end, verbatim) pieces: verbatim ones are someone's own words."""
    pieces: list[tuple[int, int, bool]] = []
    pos = 0
    i = 0
    while i < len(source):
        if source[i].isspace() or "⟨" in source[max(0, i - 1) : i + 1]:
            i += 1
            continue
        start = _verbatim_from(source, i) if i > pos or i > 0 else None
        if start is not None and not source[i].isspace():
            end = _VERBATIM_END.search(source, i)
            stop = end.start() if end else len(source)
            said = source[i:stop].strip()
            if said.endswith("吧") and len(said) > 1 and source[:i].rstrip().endswith("叫"):
                stop, said = stop - 1, said[:-1].rstrip()  # 视频就叫cat日记吧: 吧 is not the name
            if stop > i and not _is_style(said) and said not in _FILE_NAMES_ZH:
                if i > pos:
                    pieces.append((pos, i, False))
                pieces.append((i, stop, True))
                pos = i = stop
                continue
        i += 1
    if pos < len(source):
        pieces.append((pos, len(source), False))
    return pieces


_TEXT_WORDS = frozenset({"title", "text", "caption", "captions", "titles"})
# Nouns after which 改成 ("make it") is "change ... to".
_NOUNS = _TEXT_WORDS | frozenset(
    {"framerate", "fps", "length", "volume", "ratio", "resolution", "transitions", "size",
     "music", "color", "order"}
)  # fmt: skip
_SEPARATORS = frozenset({",", ".", "!", "?", ";", "then", "and"})


def settle(words: list[Word]) -> list[Word]:
    """Fix what depends on neighbours: 9比16 is 9:16, 放大 is bigger for a title but a zoom
    for a photo, "之间" moves before the photos it is between, "写" after a comma
    continues the request before it."""
    out: list[Word] = []
    for k, w in enumerate(words):
        if out and out[-1].norm in {"第", "前"} and _is_num(w.norm):
            # 第3张 / 前10秒 with the number in digits (read apart from the characters)
            mark = out.pop()
            after = words[k + 1].norm if k + 1 < len(words) else ""
            if mark.norm == "前":
                out += [Word("first", mark.start, mark.end), w]
            elif after in {"photo", "photos", "song"}:
                out.append(Word(_ordinal(float(w.norm)), mark.start, w.end))
            else:
                out.append(w)  # 第30秒: at 30 seconds
            continue
        if w.norm == "photos" and out and out[-1].norm[-2:] in {"st", "nd", "rd", "th"}:
            out.append(Word("photo", w.start, w.end))
            continue
        if w.norm == ":" and out and _is_num(out[-1].norm):
            out[-1] = Word(out[-1].norm + ":", out[-1].start, w.end)
            continue
        if out and out[-1].norm.endswith(":") and _is_num(w.norm):
            out[-1] = Word(out[-1].norm + w.norm, out[-1].start, w.end)
            continue
        if w.norm == "saying" and out and out[-1].norm == ",":
            out.pop()
        out.append(w)
    clauses = _clauses(out)
    settled: list[Word] = []
    for clause in clauses:
        about_text = any(w.norm in _TEXT_WORDS for w in clause)
        rate = any(w.norm == "framerate" for w in clause)
        about_sound = any(w.norm in {"music", "volume", "sound", "song"} for w in clause)
        about_photo = any(w.norm in {"photo", "photos"} or w.norm[:1].isdigit() for w in clause)
        norms = [w.norm for w in clause]
        if not about_text and ("saying" in norms or ":" in norms):
            if "file" in norms:
                settled.append(Word("captions", clause[0].start, clause[0].start))
                about_text = True
            elif {"end", "start"} & set(norms):  # 结尾写上谢谢观看: an end card
                settled.append(Word("title", clause[0].start, clause[0].start))
                about_text = True
        if norms in (["bring", "back"], ["bring", "back", "?"]):
            settled += _as(clause[0], "redo")  # 恢复 alone, right after an undo
            continue
        for k, w in enumerate(clause):
            before = clause[k - 1].norm if k else ""
            after = clause[k + 1].norm if k + 1 < len(clause) else ""
            if w.norm == "make" and after == "it" and before in _NOUNS:
                settled += _as(w, "change")  # 标题改成... : "change the title to ..."
            elif w.norm == "it" and before == "make" and k > 1 and clause[k - 2].norm in _NOUNS:
                settled += _as(w, "to")
            elif rate and _is_num(w.norm) and after not in {"fps", "%", "seconds"}:
                settled += [w, Word("fps", w.start, w.end)]
            elif w.norm in {"bigger", "smaller"} and about_sound and not about_text:
                settled += _as(w, "louder" if w.norm == "bigger" else "quieter")
            elif w.norm in {"put", "move"} and about_text and not about_photo:
                continue  # 标题放在底部: "the title at the bottom"
            elif w.norm == "enlarge":
                settled += _as(w, "bigger" if about_text else "zoom in")
            elif w.norm == "shrink":
                settled += _as(w, "smaller" if about_text else "zoom out")
            else:
                settled.append(w)
    return _between_first(settled)


def _as(w: Word, norm: str) -> list[Word]:
    return [Word(part, w.start, w.end) for part in norm.split()]


def _clauses(words: list[Word]) -> list[list[Word]]:
    clauses: list[list[Word]] = [[]]
    for w in words:
        clauses[-1].append(w)
        if w.norm in _SEPARATORS - {"and"}:
            clauses.append([])
    return [c for c in clauses if c]


def _between_first(words: list[Word]) -> list[Word]:
    """X和Y之间 ("X and Y between"): "between" goes first, as English has it."""
    out = list(words)
    for i, w in enumerate(list(out)):
        if w.norm not in {"between", "before", "after"}:
            continue
        if w.norm != "between" and not (i > 0 and out[i - 1].norm in {"photo", "photos", "one"}):
            continue  # only 最后一张之前: "before" said after the photo it is about
        k = i
        while k > 0 and out[k - 1].norm not in _SEPARATORS - {"and"}:
            k -= 1
        if k < i:
            out.insert(k, out.pop(i))
    return out
