"""Text that shares words with file names, and naming the video: written from the outside.

Written by a case writer who had not read the agent's code, its docs/AGENT.md
or its case tables; only the brief (media sets and expect keys) was given.
"""

from __future__ import annotations

from agent_cases import C, Case

MADE = ("make a video",)
ZMADE = ("做一个视频",)


def Z(say: str, before: tuple[str, ...] = (), media: str = "photos", **expect: object) -> Case:
    return C(say, before=before, media=media, language="zh", **expect)


NAME_CASES: list[Case] = [
    # --- a fresh video, named with titled / called / named / entitled -------------------
    C("make a video titled Beach Day", texts=["Beach Day"], segments=5),
    C("make a video called Beach", texts=["Beach"], segments=5, d=15000),
    C(
        "make a video titled dog beach",
        texts=["dog beach"],
        segments=5,
        order=["cat.jpg", "dog.jpg", "beach.png", "rocket.jpg", "city.jpg"],
    ),
    C("make a vidoe called Rocket Boys", texts=["Rocket Boys"], segments=5),
    C(
        "make a 20 second vertical video titled Rocket Launch",
        texts=["Rocket Launch"],
        segments=5,
        d=20000,
    ),
    C("a slideshow called Top 10 Cat Moments", texts=["Top 10 Cat Moments"], segments=5, d=15000),
    C("make a video entitled Life of a Beach Dog", texts=["Life of a Beach Dog"], segments=5),
    C(
        'make a video titled "The Cat, the Dog and the Rocket"',
        texts=["The Cat, the Dog and the Rocket"],
        segments=5,
    ),
    C(
        "make a 30 sec video for tiktok titled city to beach",
        texts=["city to beach"],
        segments=5,
        d=30000,
    ),
    C(
        "make a video and put 'beach, city, rocket' as the title",
        texts=["beach, city, rocket"],
        segments=5,
        order=["cat.jpg", "dog.jpg", "beach.png", "rocket.jpg", "city.jpg"],
    ),
    # --- a title on an existing video ----------------------------------------------------
    C(
        "add a title that says My Dog Rocky",
        before=MADE,
        texts=["My Dog Rocky"],
        segments=5,
        changed=True,
    ),
    C(
        "put Cat Cafe Grand Opening as the title",
        before=MADE,
        texts=["Cat Cafe Grand Opening"],
        segments=5,
    ),
    C("title: City Lights", before=MADE, texts=["City Lights"], segments=5),
    C("add a title Dog Walk Club for the first 3 seconds", before=MADE, texts=["Dog Walk Club"]),
    C("name it Cat Nap", before=MADE, texts=["Cat Nap"], segments=5),
    C("name the video rocket", before=MADE, texts=["rocket"], segments=5, changed=True),
    C("make it 10 seconds and call it Dog Days", before=MADE, texts=["Dog Days"], d=10000),
    C(
        'add a title "move the dog to the end"',
        before=MADE,
        texts=["move the dog to the end"],
        order=["cat.jpg", "dog.jpg", "beach.png", "rocket.jpg", "city.jpg"],
    ),
    C("the title should read Cat & Dog Besties", before=MADE, texts=["Cat & Dog Besties"]),
    C("add a titel: beach vibes 🌊", before=MADE, texts=["beach vibes 🌊"], segments=5),
    C(
        "i want a title that says happy birthday rocket 🎂",
        before=MADE,
        texts=["happy birthday rocket 🎂"],
        segments=5,
    ),
    C("put “Cats of the City” as the title", before=MADE, texts=["Cats of the City"], segments=5),
    C(
        "change the title to Dog Town",
        before=("make a video titled Summer",),
        texts=["Dog Town"],
        segments=5,
    ),
    # --- end cards -----------------------------------------------------------------------
    C(
        "end card saying see you at the beach",
        before=MADE,
        all_texts=["see you at the beach"],
        segments=5,
    ),
    C(
        "add a title Dog Park Day and an end card saying thanks for watching",
        before=MADE,
        all_texts=["Dog Park Day", "thanks for watching"],
        segments=5,
    ),
    # --- captions on a photo (real references by name or position) -----------------------
    C("caption the dog photo Best Boy", before=MADE, captions={1: "Best Boy"}, segments=5),
    C("caption the beach one: Beach Day", before=MADE, captions={2: "Beach Day"}, segments=5),
    C("caption the cat photo: dog's best friend", before=MADE, captions={0: "dog's best friend"}),
    C("caption photo 3: the city is calling", before=MADE, captions={2: "the city is calling"}),
    C('caption the rocket one "to the moon 🚀"', before=MADE, captions={3: "to the moon 🚀"}),
    C(
        "add a caption on the last photo that says dog and cat forever",
        before=MADE,
        captions={4: "dog and cat forever"},
    ),
    # --- real references to photos by file name ------------------------------------------
    C(
        "remove the photo called beach",
        before=MADE,
        segments=4,
        order=["cat.jpg", "dog.jpg", "rocket.jpg", "city.jpg"],
    ),
    C(
        "move the dog one to the end",
        before=MADE,
        segments=5,
        order=["cat.jpg", "beach.png", "rocket.jpg", "city.jpg", "dog.jpg"],
    ),
    C(
        "swap the cat and city photos",
        before=MADE,
        order=["city.jpg", "dog.jpg", "beach.png", "rocket.jpg", "cat.jpg"],
    ),
    C(
        "remove the beach photo and add a title Beach Memories",
        before=MADE,
        segments=4,
        order=["cat.jpg", "dog.jpg", "rocket.jpg", "city.jpg"],
        texts=["Beach Memories"],
    ),
    C(
        "put dog.jpg first and call it Top Dog",
        before=MADE,
        order=["dog.jpg", "cat.jpg", "beach.png", "rocket.jpg", "city.jpg"],
        texts=["Top Dog"],
    ),
    C(
        "make a video titled Beach Day, and drop the city one",
        segments=4,
        order=["cat.jpg", "dog.jpg", "beach.png", "rocket.jpg"],
        texts=["Beach Day"],
    ),
    C(
        "make a video with only the beach and city photos, titled Beach City",
        segments=2,
        order=["beach.png", "city.jpg"],
        texts=["Beach City"],
    ),
    # --- products ------------------------------------------------------------------------
    C(
        "make a video titled Product Launch Day",
        media="products",
        texts=["Product Launch Day"],
        segments=5,
        d=15000,
    ),
    C(
        "make a slideshow called Team Building 2024",
        media="products",
        texts=["Team Building 2024"],
        segments=5,
        d=15000,
    ),
    C(
        "make a 10 second square video named green team",
        media="products",
        texts=["green team"],
        segments=5,
        d=10000,
    ),
    C(
        "add a title that says Red Hot Deals 🔥",
        before=MADE,
        media="products",
        texts=["Red Hot Deals 🔥"],
        segments=5,
    ),
    C(
        "put 'Team Blue vs Team Red' as the title",
        before=MADE,
        media="products",
        texts=["Team Blue vs Team Red"],
        segments=5,
    ),
    C("name it blue friday", before=MADE, media="products", texts=["blue friday"], segments=5),
    C(
        "end card saying shop the blue collection",
        before=MADE,
        media="products",
        all_texts=["shop the blue collection"],
        segments=5,
    ),
    C(
        "add an end card that reads Meet the Team",
        before=MADE,
        media="products",
        all_texts=["Meet the Team"],
        segments=5,
    ),
    C(
        "caption product-blue.jpg: Ocean Blue, $29",
        before=MADE,
        media="products",
        captions={1: "Ocean Blue, $29"},
    ),
    C(
        "caption the banner photo: Grand Opening Banner",
        before=MADE,
        media="products",
        captions={3: "Grand Opening Banner"},
    ),
    C(
        "remove the banner and add an end card saying visit our shop",
        before=MADE,
        media="products",
        segments=4,
        order=["product-red.jpg", "product-blue.jpg", "product-green.jpg", "team.jpg"],
        all_texts=["visit our shop"],
    ),
    C(
        "move the team photo to the front",
        before=MADE,
        media="products",
        order=[
            "team.jpg",
            "product-red.jpg",
            "product-blue.jpg",
            "product-green.jpg",
            "banner.png",
        ],
    ),
]

NAME_CASES_ZH: list[Case] = [
    # --- 新视频，起名/标题 ---------------------------------------------------------------
    Z("做一个视频，标题叫海边的一天", texts=["海边的一天"], segments=5),
    Z("做一个视频，标题叫Beach Day", texts=["Beach Day"], segments=5),
    Z("做个视频叫dog的一天", texts=["dog的一天"], segments=5),
    Z("做一个20秒的竖屏视频，标题叫Rocket Launch", texts=["Rocket Launch"], segments=5, d=20000),
    Z("做个视频，名字叫2024 beach trip", texts=["2024 beach trip"], segments=5, d=15000),
    Z("做一个视频 标题 rocket city", texts=["rocket city"], segments=5),
    Z("做一个30秒的抖音视频，标题写“从city到beach”", texts=["从city到beach"], segments=5, d=30000),
    Z(
        "做一个视频，不要city那张，标题叫Beach Day",
        texts=["Beach Day"],
        segments=4,
        order=["cat.jpg", "dog.jpg", "beach.png", "rocket.jpg"],
    ),
    # --- 已有视频，加标题/改标题 ----------------------------------------------------------
    Z("标题写：My Dog Rocky", before=ZMADE, texts=["My Dog Rocky"], segments=5, changed=True),
    Z("加个标题「City Walk 城市漫步」", before=ZMADE, texts=["City Walk 城市漫步"], segments=5),
    Z("标题改成“Cat & Dog”", before=("做一个视频，标题叫夏天",), texts=["Cat & Dog"], segments=5),
    Z("视频就叫cat日记吧", before=ZMADE, texts=["cat日记"], segments=5),
    Z("给视频起个名字：城市里的rocket", before=ZMADE, texts=["城市里的rocket"], segments=5),
    Z("标题为beach和dog", before=ZMADE, texts=["beach和dog"], segments=5),
    Z("标题是：Dog Days", before=ZMADE, texts=["Dog Days"], segments=5),
    Z("标题：beach", before=ZMADE, texts=["beach"], segments=5),
    Z(
        "加标题「删掉beach」",
        before=ZMADE,
        texts=["删掉beach"],
        segments=5,
        order=["cat.jpg", "dog.jpg", "beach.png", "rocket.jpg", "city.jpg"],
    ),
    Z("命名为Cat Cafe开业啦🎉", before=ZMADE, texts=["Cat Cafe开业啦🎉"], segments=5),
    Z("改成10秒，标题叫Cat Nap", before=ZMADE, texts=["Cat Nap"], d=10000),
    Z("加个标题City Lights，只显示前3秒", before=ZMADE, texts=["City Lights"], segments=5),
    # --- 片尾 --------------------------------------------------------------------------
    Z(
        "片尾写“感谢观看 更多cat日常请关注”",
        before=ZMADE,
        all_texts=["感谢观看 更多cat日常请关注"],
        segments=5,
    ),
    Z("片尾加一句：下次去beach见", before=ZMADE, all_texts=["下次去beach见"], segments=5),
    Z(
        "开头标题写“我家dog和cat”，片尾写“谢谢观看”",
        before=ZMADE,
        all_texts=["我家dog和cat", "谢谢观看"],
        segments=5,
    ),
    # --- 字幕（按文件名或位置指照片） -------------------------------------------------------
    Z("给dog那张加字幕：最乖的狗狗", before=ZMADE, captions={1: "最乖的狗狗"}, segments=5),
    Z("给cat那张配字幕“dog的好朋友”", before=ZMADE, captions={0: "dog的好朋友"}, segments=5),
    Z("第三张加字幕：city比beach更好玩", before=ZMADE, captions={2: "city比beach更好玩"}),
    Z("给最后一张加字幕：rocket发射啦🚀", before=ZMADE, captions={4: "rocket发射啦🚀"}),
    # --- 真的在指照片 ---------------------------------------------------------------------
    Z(
        "删掉beach那张",
        before=ZMADE,
        segments=4,
        order=["cat.jpg", "dog.jpg", "rocket.jpg", "city.jpg"],
    ),
    Z(
        "把dog.jpg放到最后",
        before=ZMADE,
        segments=5,
        order=["cat.jpg", "beach.png", "rocket.jpg", "city.jpg", "dog.jpg"],
    ),
    Z(
        "把rocket那张放第一",
        before=ZMADE,
        order=["rocket.jpg", "cat.jpg", "dog.jpg", "beach.png", "city.jpg"],
    ),
    Z(
        "cat和city两张换一下位置",
        before=ZMADE,
        order=["city.jpg", "dog.jpg", "beach.png", "rocket.jpg", "cat.jpg"],
    ),
    Z(
        "删掉beach那张，再加个标题叫Beach回忆",
        before=ZMADE,
        segments=4,
        order=["cat.jpg", "dog.jpg", "rocket.jpg", "city.jpg"],
        texts=["Beach回忆"],
    ),
    Z(
        "把cat.jpg删了",
        before=ZMADE,
        segments=4,
        order=["dog.jpg", "beach.png", "rocket.jpg", "city.jpg"],
    ),
    # --- 商品 ----------------------------------------------------------------------------
    Z(
        "做一个视频，标题叫新品上市 Green系列",
        media="products",
        texts=["新品上市 Green系列"],
        segments=5,
    ),
    Z(
        "做一个15秒的方形视频，名字叫Blue Friday",
        media="products",
        texts=["Blue Friday"],
        segments=5,
        d=15000,
    ),
    Z("做个宣传视频，标题「我们的team」", media="products", texts=["我们的team"], segments=5),
    Z(
        "标题写：Red系列全场8折",
        before=ZMADE,
        media="products",
        texts=["Red系列全场8折"],
        segments=5,
    ),
    Z(
        "视频标题：Team Building 2024",
        before=ZMADE,
        media="products",
        texts=["Team Building 2024"],
        d=15000,
    ),
    Z(
        "标题叫red blue green三色上新",
        before=ZMADE,
        media="products",
        texts=["red blue green三色上新"],
        segments=5,
    ),
    Z(
        "片尾写「关注我们，team等你来」",
        before=ZMADE,
        media="products",
        all_texts=["关注我们，team等你来"],
        segments=5,
    ),
    Z(
        "给banner那张加字幕：开业大吉",
        before=ZMADE,
        media="products",
        captions={3: "开业大吉"},
        segments=5,
    ),
    Z(
        "给product-blue加字幕“海洋blue 只要29元”",
        before=ZMADE,
        media="products",
        captions={1: "海洋blue 只要29元"},
    ),
    Z(
        "去掉banner",
        before=ZMADE,
        media="products",
        segments=4,
        order=["product-red.jpg", "product-blue.jpg", "product-green.jpg", "team.jpg"],
    ),
    Z(
        "team那张放最前面",
        before=ZMADE,
        media="products",
        order=[
            "team.jpg",
            "product-red.jpg",
            "product-blue.jpg",
            "product-green.jpg",
            "banner.png",
        ],
    ),
    Z(
        "删掉product-green那张，标题改成Red & Blue",
        before=("做一个视频，标题叫新品",),
        media="products",
        segments=4,
        order=["product-red.jpg", "product-blue.jpg", "banner.png", "team.jpg"],
        texts=["Red & Blue"],
    ),
]
