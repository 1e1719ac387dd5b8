"""Generate a deterministic synthetic corpus of policy-like documents for benchmarks.

    python benchmarks/generate.py OUT_DIR --docs 10000 [--seed 7] [--chars 1500] [--jsonl]

The same arguments always give byte-identical output. The corpus mixes official documents
built from templates (banner, 发文字号, 主送, numbered sections, signature, date), news reports
about them and planted relations, each recorded in ``OUT_DIR/manifest.tsv``:

- ``repost``: a copy of an earlier document with navigation boilerplate around it;
- ``edited``: a copy with a sentence dropped or two paragraphs swapped;
- ``truncated``: the first part of an earlier document only;
- ``traditional``: an earlier document converted to traditional script (OpenCC s2tw), some with
  pinyin annotations after characters the way scraped pages carry them;
- citations: documents cite earlier ones by 《title》 and 发文字号 (column ``cites``).

Without ``--jsonl`` documents are written as files in folders of 1,000, about 8% of them in
GBK, traditional copies partly in Big5, a few in UTF-16; with ``--jsonl`` one UTF-8
``corpus.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

AGENCIES = [
    ("国务院", "国发"),
    ("国务院办公厅", "国办发"),
    ("国家发展改革委", "发改高技"),
    ("国家发展改革委办公厅", "发改办高技"),
    ("财政部", "财金"),
    ("科技部", "国科发"),
    ("工业和信息化部", "工信部"),
    ("教育部", "教高"),
    ("人力资源社会保障部", "人社部发"),
    ("商务部", "商服贸发"),
    ("山东省人民政府", "鲁政发"),
    ("山东省人民政府办公厅", "鲁政办发"),
    ("青岛市人民政府", "青政发"),
    ("青岛市人民政府办公厅", "青政办发"),
    ("甘肃省人民政府", "甘政发"),
    ("北京市人民政府", "京政发"),
    ("上海市人民政府", "沪府发"),
    ("广东省人民政府", "粤府"),
    ("浙江省人民政府办公厅", "浙政办发"),
    ("江苏省人民政府", "苏政发"),
]
TOPICS = [
    "推进大众创业万众创新",
    "加快发展众创空间",
    "支持小微企业融资",
    "促进科技成果转化",
    "深化职业教育改革",
    "加强知识产权保护",
    "推动数字经济发展",
    "优化营商环境",
    "做好高校毕业生就业",
    "发展普惠金融",
    "推进县域经济高质量发展",
    "加强安全生产监管",
    "完善社会救助体系",
    "推进乡村振兴",
    "加快新型基础设施建设",
    "促进消费扩容提质",
    "深化医药卫生体制改革",
    "加强生态环境保护",
    "推动外贸稳定发展",
    "支持返乡入乡创业",
]
GENRES = ["通知", "意见", "实施意见", "办法", "方案", "决定", "指导意见", "工作方案"]
SUBJECTS = [
    "各地区",
    "各有关部门",
    "地方各级人民政府",
    "县级以上人民政府",
    "各级财政部门",
    "有关行业主管部门",
    "各类市场主体",
    "高等学校",
    "科研院所",
    "金融机构",
    "示范基地",
    "街道办事处",
    "行业协会",
    "龙头企业",
    "中小企业",
    "孵化器",
    "国有企业",
    "社会组织",
]
VERBS = [
    "要切实加强",
    "应当统筹推进",
    "要进一步完善",
    "应加快建立",
    "要积极探索",
    "要认真落实",
    "应当依法规范",
    "要持续深化",
    "要着力提升",
    "应当健全",
    "要大力支持",
    "要严格落实",
    "应当加强",
    "要不断优化",
    "要主动对接",
]
OBJECTS = [
    "创新创业服务体系",
    "财政资金管理制度",
    "知识产权运营平台",
    "人才引进培养机制",
    "融资担保风险分担机制",
    "公共服务平台建设",
    "信用信息共享机制",
    "产业链协同创新",
    "政务服务一网通办",
    "监督检查工作机制",
    "统计监测制度",
    "项目库动态管理",
    "用地保障政策",
    "税收优惠政策落实",
    "应急处置预案",
    "绩效评价办法",
    "科技成果评价体系",
    "安全生产责任制",
    "就业创业培训",
    "数据开放共享",
]
PURPOSES = [
    "确保各项政策落地见效",
    "形成工作合力",
    "切实减轻企业负担",
    "营造良好发展环境",
    "提高资金使用效益",
    "推动高质量发展",
    "增强群众获得感",
    "防范化解重大风险",
    "激发市场主体活力",
    "促进区域协调发展",
    "提升公共服务水平",
    "保障改革顺利推进",
]
CONNECTORS = ["", "同时，", "此外，", "与此同时，", "在此基础上，", "对此，"]
# Places, fields and targets make sentences as varied as real notices: two unrelated documents
# share about as many character 5-grams as two unrelated documents of the real corpus do
# (stock phrases, not whole sentences), so near-duplicate search faces realistic odds.
PLACES = [
    "青岛", "济南", "烟台", "潍坊", "临沂", "淄博", "济宁", "泰安", "威海", "日照", "兰州", "天水",
    "酒泉", "张掖", "武威", "苏州", "无锡", "常州", "南通", "徐州", "扬州", "杭州", "宁波", "温州",
    "嘉兴", "湖州", "绍兴", "金华", "台州", "广州", "深圳", "珠海", "佛山", "东莞", "中山", "惠州",
    "成都", "绵阳", "德阳", "宜宾", "南充", "郑州", "洛阳", "开封", "新乡", "许昌", "长沙", "株洲",
    "湘潭", "衡阳", "岳阳", "常德", "合肥", "芜湖", "蚌埠", "安庆", "南昌", "赣州", "九江", "上饶",
]  # fmt: skip
FIELDS = [
    "海洋经济", "智能制造", "生物医药", "新能源汽车", "集成电路", "现代农业", "文化旅游",
    "跨境电商", "冷链物流", "养老服务", "托育服务", "家政服务", "职业培训", "节水灌溉",
    "清洁取暖", "垃圾分类", "污水处理", "乡村道路", "农村电商", "社区医疗", "中医药",
    "工业互联网", "大数据中心", "人工智能", "氢能产业", "海水淡化", "林下经济", "预制菜",
]  # fmt: skip
METRICS = [
    ("新增孵化载体", "家"), ("培育科技型企业", "家"), ("带动就业", "万人"),
    ("完成投资", "亿元"), ("建设示范项目", "个"), ("培训各类人才", "万人次"),
    ("新增贷款", "亿元"), ("覆盖行政村", "个"), ("建成服务站点", "处"),
]  # fmt: skip
SECTION_HEADS = ["一、总体要求", "二、重点任务", "三、保障措施", "四、组织实施"]
NAV_HEADER = [
    "当前位置：首页 > 政策文件 > 政策解读",
    "【字体：大 中 小】 【打印本页】 分享到：",
]
NAV_FOOTER = [
    "上一篇：关于开展年度统计工作的通知",
    "下一篇：本市出台创新创业扶持政策",
    "主办：市人民政府办公厅  技术支持：市大数据中心",
    "版权所有  鲁ICP备05012345号",
]
PINYIN = {
    "務": "wù",
    "關": "guān",
    "發": "fā",
    "創": "chuàng",
    "業": "yè",
    "設": "shè",
    "區": "qū",
    "據": "jù",
    "實": "shí",
    "體": "tǐ",
    "應": "yīng",
    "國": "guó",
}


@dataclass
class Doc:
    id: str
    text: str
    kind: str
    title: str = ""
    number: str = ""
    duplicate_of: str = ""
    cites: list[str] = field(default_factory=list)
    encoding: str = "utf-8"


def vocabulary(rng: random.Random) -> dict[str, list[str]]:
    """The words one document draws on: a document is about a few fields in a few places, so
    two unrelated documents share stock phrases but few sentences."""
    return {
        "places": rng.sample(PLACES, 3),
        "fields": rng.sample(FIELDS, 4),
        "subjects": rng.sample(SUBJECTS, 5),
        "verbs": rng.sample(VERBS, 5),
        "objects": rng.sample(OBJECTS, 5),
        "purposes": rng.sample(PURPOSES, 4),
    }


def sentence(rng: random.Random, vocab: dict[str, list[str]]) -> str:
    def pick(kind: str) -> str:
        return rng.choice(vocab[kind])

    roll = rng.random()
    if roll < 0.3:
        metric, unit = rng.choice(METRICS)
        return (
            f"{rng.choice(CONNECTORS)}力争到{rng.randint(2018, 2035)}年，{pick('places')}"
            f"{pick('fields')}领域{metric}{rng.randint(3, 980)}{unit}，{pick('purposes')}。"
        )
    if roll < 0.6:
        return (
            f"{rng.choice(CONNECTORS)}{pick('places')}{pick('subjects')}{pick('verbs')}"
            f"{pick('fields')}{pick('objects')}，{pick('purposes')}。"
        )
    return (
        f"{rng.choice(CONNECTORS)}{pick('subjects')}{pick('verbs')}{pick('fields')}"
        f"{pick('objects')}，围绕{pick('fields')}和{pick('fields')}{pick('purposes')}。"
    )


def paragraph(rng: random.Random, chars: int, vocab: dict[str, list[str]]) -> str:
    parts: list[str] = []
    while sum(map(len, parts)) < chars:
        parts.append(sentence(rng, vocab))
    return "".join(parts)


def official(rng: random.Random, index: int, chars: int, earlier: list[Doc]) -> Doc:
    issuer, code = rng.choice(AGENCIES)
    year = rng.randint(2012, 2024)
    number = f"{code}〔{year}〕{rng.randint(1, 180)}号"
    title = f"{issuer}关于{rng.choice(TOPICS)}的{rng.choice(GENRES)}"
    cites: list[str] = []
    vocab = vocabulary(rng)
    lines = []
    if rng.random() < 0.5:
        lines += [f"{issuer}文件", ""]
    lines += [number, "", title, "", "各省、自治区、直辖市人民政府，各有关部门：", ""]
    citable = [d for d in earlier[-500:] if d.number and d.kind == "official"]
    if citable and rng.random() < 0.6:
        target = rng.choice(citable)
        cites.append(target.id)
        lines.append(
            f"为贯彻落实《{target.title}》（{target.number}）精神，{paragraph(rng, 60, vocab)}"
        )
    body_chars = max(chars - 200, 200)
    per_section = body_chars // len(SECTION_HEADS)
    for head in SECTION_HEADS:
        lines += [head, paragraph(rng, per_section, vocab)]
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    lines += ["", issuer, f"{year}年{month}月{day}日"]
    return Doc(f"doc{index:07d}", "\n".join(lines) + "\n", "official", title, number, "", cites)


def news(rng: random.Random, index: int, chars: int, earlier: list[Doc]) -> Doc:
    cites: list[str] = []
    vocab = vocabulary(rng)
    lines = [f"{rng.choice(SUBJECTS)}{rng.choice(VERBS)}{rng.choice(OBJECTS)}"]
    lines.append(
        f"{rng.randint(2012, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        f" {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}  来源：本地日报"
    )
    citable = [d for d in earlier[-500:] if d.number and d.kind == "official"]
    if citable:
        target = rng.choice(citable)
        cites.append(target.id)
        lines.append(
            f"近日，《{target.title}》（{target.number}）正式印发。{paragraph(rng, 80, vocab)}"
        )
    while sum(map(len, lines)) < chars:
        lines.append(paragraph(rng, 200, vocab))
    return Doc(f"doc{index:07d}", "\n".join(lines) + "\n", "news", cites=cites)


def annotate(rng: random.Random, text: str) -> str:
    out = []
    for ch in text:
        out.append(ch)
        if ch in PINYIN and rng.random() < 0.7:
            out.append(f"({PINYIN[ch]})")
    return "".join(out)


def derived(rng: random.Random, index: int, source: Doc, converter: object) -> Doc:
    doc_id = f"doc{index:07d}"
    paragraphs = source.text.split("\n")
    roll = rng.random()
    if roll < 0.35:
        kind = "repost"
        text = "\n".join(NAV_HEADER + paragraphs + NAV_FOOTER)
    elif roll < 0.6:
        kind = "edited"
        body = [p for p in paragraphs]
        long_ones = [i for i, p in enumerate(body) if len(p) > 60]
        if long_ones and rng.random() < 0.5:
            i = rng.choice(long_ones)
            sentences = body[i].split("。")
            del sentences[rng.randrange(len(sentences))]
            body[i] = "。".join(sentences)
        elif len(long_ones) >= 2:
            a, b = rng.sample(long_ones, 2)
            body[a], body[b] = body[b], body[a]
        text = "\n".join(body)
    elif roll < 0.75:
        kind = "truncated"
        text = source.text[: max(len(source.text) * 2 // 3, 100)]
    else:
        kind = "traditional"
        text = converter.convert(source.text)  # type: ignore[attr-defined]
        if rng.random() < 0.5:
            text = annotate(rng, text)
    return Doc(doc_id, text, kind, source.title, source.number, source.id, list(source.cites))


def generate(n: int, seed: int, chars: int) -> list[Doc]:
    from opencc import OpenCC

    converter = OpenCC("s2tw")  # Taiwan forms (眾, 群): what scraped pages and Big5 carry
    rng = random.Random(seed)
    docs: list[Doc] = []
    for index in range(n):
        roll = rng.random()
        originals = [d for d in docs[-300:] if d.kind in ("official", "news")]
        if originals and roll < 0.2:
            doc = derived(rng, index, rng.choice(originals), converter)
        elif roll < 0.75:
            doc = official(rng, index, chars, docs)
        else:
            doc = news(rng, index, chars, docs)
        docs.append(doc)
    return docs


def choose_encoding(rng: random.Random, doc: Doc) -> str:
    roll = rng.random()
    if doc.kind == "traditional" and "(" not in doc.text and roll < 0.4:
        return "big5"
    if roll < 0.08:
        return "gbk"
    if roll < 0.1:
        return "utf-16"
    return "utf-8"


def write(docs: list[Doc], out: Path, jsonl: bool, seed: int) -> None:
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed + 1)
    manifest = ["id\tpath\tkind\tencoding\tduplicate_of\tnumber\ttitle\tcites"]
    if jsonl:
        with open(out / "corpus.jsonl", "w", encoding="utf-8", newline="\n") as fh:
            for doc in docs:
                fh.write(json.dumps({"id": doc.id, "text": doc.text}, ensure_ascii=False) + "\n")
    for i, doc in enumerate(docs):
        path = "corpus.jsonl"
        if not jsonl:
            encoding = choose_encoding(rng, doc)
            try:
                data = doc.text.encode(encoding)
            except UnicodeEncodeError:
                encoding, data = "utf-8", doc.text.encode("utf-8")
            doc.encoding = encoding
            path = f"docs/{i // 1000:04d}/{doc.id}.txt"
            (out / path).parent.mkdir(parents=True, exist_ok=True)
            (out / path).write_bytes(data)
        manifest.append(
            "\t".join(
                [
                    doc.id,
                    path,
                    doc.kind,
                    doc.encoding,
                    doc.duplicate_of,
                    doc.number,
                    doc.title,
                    ",".join(doc.cites),
                ]
            )
        )
    (out / "manifest.tsv").write_text("\n".join(manifest) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--docs", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--chars", type=int, default=1500, help="approximate document length")
    parser.add_argument("--jsonl", action="store_true", help="one UTF-8 corpus.jsonl")
    args = parser.parse_args()
    docs = generate(args.docs, args.seed, args.chars)
    write(docs, args.out, args.jsonl, args.seed)
    print(f"{len(docs)} documents in {args.out}")


if __name__ == "__main__":
    main()
