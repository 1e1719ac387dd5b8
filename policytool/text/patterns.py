"""Regex parts shared by the modules that read Chinese text, defined once.

>>> import re
>>> re.findall(ANNOTATION, "國務(wù)院，附件(a)")
['(wù)', '(a)']
"""

from __future__ import annotations

__all__ = ["ANNOTATION", "DOC_TYPES", "HAN", "TONED", "TONE_MARKS", "is_han"]

#: Han characters: the unified ideographs, Extension A and the compatibility block.
HAN = "\u3400-\u9fff\uf900-\ufaff"
#: Vowels (and syllabic n, m) with a tone mark, as pinyin annotations write them.
TONE_MARKS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
#: The letters of a pinyin syllable, for a character class.
TONED = f"a-z{TONE_MARKS}ü"
#: A pinyin annotation as scrapers write it after a character: (wù), （guān）.
ANNOTATION = rf"[(（][{TONED}]{{1,6}}[)）]"

#: The words an official title ends with: the document types of the 党政机关公文处理工作条例
#: (art. 8) and the names of the rules and plans they carry; laws end in 法. Longest first,
#: so that an alternation built from them prefers 实施意见 to 意见.
DOC_TYPES = tuple(
    sorted(
        [
            "决议",
            "决定",
            "命令",
            "令",
            "公报",
            "公告",
            "通告",
            "意见",
            "通知",
            "通报",
            "报告",
            "请示",
            "批复",
            "议案",
            "函",
            "纪要",
            "方案",
            "办法",
            "规定",
            "条例",
            "细则",
            "规划",
            "纲要",
            "措施",
            "指南",
            "解释",
            "规则",
            "答复",
            "复函",
            "实施意见",
            "指导意见",
            "法",
            "章程",
            "计划",
            "要点",
            "准则",
            "守则",
            "指引",
            "目录",
            "清单",
            "标准",
            "规范",
            "批示",
            "说明",
            "意见稿",
            "路线图",
            "决议案",
            "安排",
            "名录",
        ],
        key=len,
        reverse=True,
    )
)


def is_han(ch: str) -> bool:
    """Whether ``ch`` is a Han character (see :data:`HAN`)."""
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"
