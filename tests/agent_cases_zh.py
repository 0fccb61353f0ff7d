"""The agent's own cases (agent_cases.py) said in Simplified Chinese.

Written by the agent helper for issue 15 as Chinese counterparts of the English
table, the way people type them in Chinese chat (no spaces, numbers in
characters, 「」 quotes), with the same expectations as their English twins.
"""

from __future__ import annotations

from typing import Any

from agent_cases import NAMES, C, Case

MADE = ("做一个视频",)
TITLED = (*MADE, "加上标题「夏天」")
MUSIC = (*MADE, "加背景音乐")
CAT, DOG, BEACH, ROCKET, CITY = NAMES


def Z(say: str, before: tuple[str, ...] = (), media: str = "photos", **expect: Any) -> Case:
    return C(say, before=before, media=media, language="zh", **expect)


CASES_ZH: list[Case] = [
    # 制作
    Z("把我的照片做成一个15秒的视频，转场要平滑", d=15000, segments=5, transitions={"fade"}),
    Z("把这些做成幻灯片", segments=5, d=15000),
    Z("做一个30秒的Instagram视频", d=30000, size=(1080, 1920)),
    Z("做一个半分钟的视频", d=30000),
    Z("做一个一分钟的视频", d=60000),
    Z("每张照片两秒半", d=12500, durations=[2500] * 5),
    Z("做一个十五秒的视频", d=15000),
    Z("做一个二十五秒的幻灯片", d=25000),
    Z("用前三张照片做一个10秒的视频", d=10000, segments=3, order=[CAT, DOG, BEACH]),
    Z("用cat.jpg和rocket.jpg做个视频", segments=2, order=[CAT, ROCKET]),
    Z("做个视频", media="none", changed=False, reply_has="上传"),
    Z("用我的视频和照片做一个视频", media="clips", segments=4, d=15000),
    Z("用这些照片做个抖音", size=(1080, 1920), segments=5),
    Z("做一个20秒的横屏视频，60帧", size=(1920, 1080), fps=60, d=20000),
    Z("做一个一分半的幻灯片", d=90000),
    Z("做一个两分半的视频", d=150000),
    Z("做一个视频，每张照片4秒", durations=[4000] * 5, d=20000),
    Z("做一个20秒的视频", d=20000),
    Z("做一个9:16的幻灯片，24帧", size=(1080, 1920), fps=24),
    Z("用最后两张照片做个视频", segments=2, order=[ROCKET, CITY]),
    Z("重新做一个视频，只要cat.jpg和dog.jpg", before=MADE, segments=2, order=[CAT, DOG]),
    Z("做个视频", media="one", segments=1, d=3000),
    Z("用这些照片做个视频，一共八秒", d=8000),
    # 画面
    Z("改成竖屏", before=MADE, size=(1080, 1920), d=15000),
    Z("竖屏吧", before=MADE, size=(1080, 1920)),
    Z("改成9:16", before=MADE, size=(1080, 1920)),
    Z("发抖音用的", before=MADE, size=(1080, 1920)),
    Z("改成方形", before=MADE, size=(1080, 1080)),
    Z("改成横屏", before=(*MADE, "改成竖屏"), size=(1920, 1080)),
    Z("16:9", before=(*MADE, "改成方形"), size=(1920, 1080)),
    Z("改成4:5", before=MADE, size=(1080, 1350)),
    Z("改成720p", before=MADE, size=(1280, 720)),
    Z("竖屏720p", before=MADE, size=(720, 1280)),
    Z("24帧", before=MADE, fps=24),
    Z("改成60帧", before=MADE, fps=60),
    Z("帧率改成30", before=(*MADE, "24帧"), fps=30),
    Z("改成1080p", before=(*MADE, "改成720p"), size=(1920, 1080)),
    Z("能改成竖屏吗？", before=MADE, size=(1080, 1920)),
    Z("改成正方形吧", before=MADE, size=(1080, 1080)),
    # 转场
    Z("用淡入淡出", before=(*MADE, "不要转场"), transitions={"fade"}),
    Z("加叠化转场", before=MADE, transitions={"dissolve"}),
    Z("擦除转场", before=MADE, transitions_in={"wipeleft", "wiperight", "wipeup", "wipedown"}),
    Z("向右擦除", before=MADE, transitions={"wiperight"}),
    Z("缩放转场", before=MADE, transitions={"zoomin"}),
    Z("圆形转场", before=MADE, transitions={"circleopen"}),
    Z("照片之间黑场过渡", before=MADE, transitions={"fadeblack"}),
    Z("不要转场", before=MADE, transitions={"none"}),
    Z("硬切吧", before=MADE, transitions={"none"}),
    Z("转场半秒", before=MADE, transition_ms=500),
    Z("转场1秒", before=MADE, transitions={"fade"}, transition_ms=1000),
    Z("转场快一点", before=MADE, transition_ms=400),
    Z("第二张和第三张之间用擦除", before=MADE, cut_types=["fade", "wipeleft", "fade", "fade"]),
    Z("去掉转场", before=MADE, transitions={"none"}),
    Z("像素化转场", before=MADE, transitions={"pixelize"}),
    Z("向上滑动的转场", before=MADE, transitions={"slideup"}),
    Z("转场改成1.5秒", before=MADE, transition_ms=1500),
    Z("最后一张之前用叠化", before=MADE, cut_types=["fade", "fade", "fade", "dissolve"]),
    # 运镜
    Z("每张都慢慢放大", before=MADE, motion={"zoom_in"}),
    Z("缩小", before=MADE, motion={"zoom_out"}),
    Z("向左平移", before=MADE, motion={"pan_left"}),
    Z("向右平移", before=MADE, motion={"pan_right"}),
    Z("照片保持静止", before=MADE, motion={"none"}),
    Z("不要缩放", before=MADE, motion={"none"}),
    Z("最后一张放大", before=MADE, motion_of={4: "zoom_in", 0: "auto"}),
    Z("加运镜", before=(*MADE, "照片不要动"), motion_in={"auto", "zoom_in", "zoom_out"}),
    # 画面填充
    Z("照片不要裁切", before=MADE, fit_in={"contain", "contain_blur"}),
    Z("用黑边", before=MADE, fit={"contain"}),
    Z("铺满画面", before=(*MADE, "用黑边"), fit={"cover"}),
    # 文字
    Z("加标题「城市之梦」，显示前3秒", before=MADE, texts=["城市之梦"], text0={"s": 0, "d": 3000}),
    Z("加个标题「2024夏天」", before=MADE, texts=["2024夏天"]),
    Z("标题：我们的旅行", before=MADE, texts=["我们的旅行"]),
    Z("加标题「夏日」，放在顶部", before=MADE, texts=["夏日"], text0={"position": "top"}),
    Z("结尾加上「完」", before=MADE, end_text="完"),
    Z("加标题「你好」，整个视频都显示", before=MADE, text0={"s": 0, "d": 15000}),
    Z("第二张配字幕「我家狗」", before=MADE, captions={1: "我家狗"}),
    Z("标题改成「冬天」", before=TITLED, texts=["冬天"]),
    Z("标题改成红色", before=TITLED, text0={"color": "#E53935"}),
    Z("标题放大一点", before=TITLED, rel={"title_size": "up"}),
    Z("标题放到底部", before=TITLED, text0={"position": "bottom"}),
    Z("删掉标题", before=TITLED, texts=[]),
    Z("加个标题", before=MADE, changed=False, asks=True),
    Z("标题显示5秒", before=TITLED, text0={"d": 5000}),
    Z("标题缩小一点", before=TITLED, rel={"title_size": "down"}),
    Z("标题加粗", before=TITLED, text0={"weight": "bold"}, changed=False),
    Z("删掉所有文字", before=(*TITLED, "第一张加字幕「猫」"), texts=[]),
    # 音乐
    Z("加音乐", before=MADE, media="music", music_volume=1.0),
    Z("加背景音乐，音量35%", before=MADE, media="music", music_volume=0.35, music_d=15000),
    Z("加音乐", before=MADE, changed=False, reply_has="上传"),
    Z("音乐结尾淡出", before=MUSIC, media="music", music_fade_out=3000),
    Z("音乐淡入两秒", before=MUSIC, media="music", music_fade_in=2000),
    Z("音乐小声一点", before=(*MADE, "加背景音乐，音量50%"), media="music",
      rel={"music_volume": "down"}),
    Z("音乐大声一点", before=(*MADE, "加背景音乐，音量50%"), media="music",
      rel={"music_volume": "up"}),
    Z("音量40%", before=MUSIC, media="music", music_volume=0.4),
    Z("去掉背景音乐", before=MUSIC, media="music", music=False),
    Z("视频静音", before=MADE, media="clips", clip_audio="mute"),
    Z("音量调到一半", before=MUSIC, media="music", music_volume=0.5),
    Z("音乐不要循环", before=MUSIC, media="music", music_loop=False),
    Z("加音乐", before=(*MADE, "加背景音乐，音量50%"), media="music", changed=False),
    # 排序
    Z("第一张和最后一张换一下", before=MADE, order=[CITY, DOG, BEACH, ROCKET, CAT]),
    Z("把rocket.jpg放到最前面", before=MADE, order=[ROCKET, CAT, DOG, BEACH, CITY]),
    Z("把cat.jpg挪到最后", before=MADE, order=[DOG, BEACH, ROCKET, CITY, CAT]),
    Z("删掉第三张", before=MADE, segments=4, d=12000, order=[CAT, DOG, ROCKET, CITY]),
    Z("删掉dog.jpg", before=MADE, segments=4),
    Z("复制cat.jpg", before=MADE, segments=6),
    Z("顺序倒过来", before=MADE, order=list(reversed(NAMES))),
    Z("打乱照片顺序", before=MADE, segments=5, changed=True),
    Z("按名字排序", before=MADE, order=[BEACH, CAT, CITY, DOG, ROCKET]),
    Z("第二张改成5秒", before=MADE, durations=[3000, 5000, 3000, 3000, 3000], d=17000),
    Z("删掉第九张", before=MADE, changed=False, reply_has="5"),
    Z("删掉第二张和第四张", before=MADE, order=[CAT, BEACH, CITY]),
    Z("删掉前两张", before=MADE, order=[BEACH, ROCKET, CITY]),
    Z("删掉最后一张", before=MADE, order=[CAT, DOG, BEACH, ROCKET]),
    # 时长
    Z("改成20秒", before=MADE, d=20000, durations=[4000] * 5),
    Z("短一点", before=MADE, rel={"d": "down"}),
    Z("长5秒", before=MADE, rel={"d": "up"}),
    Z("改成三十秒", before=MADE, d=30000),
    Z("改成两分钟", before=MADE, d=120000),
    Z("每张照片两秒", before=MADE, durations=[2000] * 5),
    Z("改成45秒", before=MADE, d=45000),
    Z("改成10秒", before=MADE, d=10000),
    # 风格
    Z("做成电影感", before=MADE, transitions={"fade"}, transition_ms=1200, fps=24),
    Z("动感一点", before=MADE, transitions={"slideleft"}, durations=[1500] * 5),
    Z("舒缓的风格", before=MADE, transitions={"dissolve"}, durations=[5000] * 5),
    Z("简约风", before=MADE, transitions={"none"}, motion={"none"}),
    Z("优雅一点", before=MADE, transitions={"fadeblack"}),
    Z("做一个20秒的电影感视频", d=20000, fps=24, transition_ms=1200),
    # 历史
    Z("撤销", before=(*MADE, "改成竖屏"), size=(1920, 1080), history="undo"),
    Z("重做", before=(*MADE, "改成竖屏", "撤销"), size=(1080, 1920), history="redo"),
    Z("撤销", changed=False, reply_has="撤销"),
    Z("重新开始", before=(*MADE, "改成方形", "加上标题「嗨」"), texts=[], size=(1920, 1080)),
    Z("撤销两步", before=(*MADE, "改成方形", "改成竖屏"), size=(1920, 1080), undone_steps=2),
    # 提问
    Z("时间线里有什么？", before=MADE, changed=False, reply_has="15"),
    Z("视频多长？", before=MADE, changed=False, reply_has="15"),
    Z("有几张照片？", before=MADE, changed=False, reply_has="5"),
    Z("你能做什么？", changed=False, reply_lang="zh"),
    Z("标题写的什么？", before=TITLED, changed=False, reply_has="夏天"),
    Z("有背景音乐吗？", before=MADE, media="music", changed=False, reply_has="音乐"),
    # 路由
    Z("导出", before=MADE, route="export", changed=False, reply_has="导出"),
    Z("还有多少积分", route="credits", changed=False),
    Z("上传", route="upload", changed=False),
    Z("改成方形然后导出", before=MADE, route="export", size=(1080, 1080)),
    # 组合
    Z("改成竖屏，淡入淡出，加标题「夏天」", before=MADE, size=(1080, 1920), transitions={"fade"},
      texts=["夏天"]),
    Z("改成方形，20秒，不要转场", before=MADE, size=(1080, 1080), d=20000, transitions={"none"}),
    Z("第一张和最后一张换一下然后改成12秒", before=MADE, d=12000,
      order=[CITY, DOG, BEACH, ROCKET, CAT]),
    Z("加标题「特卖」，改成10秒", before=MADE, texts=["特卖"], d=10000),
    Z("做一个12秒的竖屏视频，用擦除转场", size=(1080, 1920), d=12000,
      transitions_in={"wipeleft", "wiperight"}),
    # 做不到
    Z("改成黑白的", before=MADE, changed=False, not_done_has="黑白"),
    Z("把第二张旋转一下", before=MADE, changed=False, not_done_has="旋转"),
    Z("加个恐龙", before=MADE, changed=False, understood=False),
    Z("啊啊啊啊", changed=False, understood=False),
    # 每个词只属于一种理解
    Z("现在用的什么转场？", before=MADE, changed=False, reply_has="淡入淡出"),
    Z("有哪些转场可以用？", before=MADE, changed=False, reply_has="擦除"),
    Z("竖屏，照片不要裁切", before=MADE, size=(1080, 1920), segments=5,
      fit_in={"contain", "contain_blur"}),
    Z("我不喜欢第三张", before=MADE, asks=True, changed=False),
    Z("banner不要裁切", before=MADE, media="products", changed=False, reply_has="已经是完整显示"),
    Z("加音乐，淡入1秒", before=MADE, media="music", music_fade_in=1000, transition_ms=800),
    Z("字幕和音乐都删掉", before=(*MUSIC, "加字幕「一」「二」「三」"), media="music",
      music=False, texts=[]),
]  # fmt: skip
