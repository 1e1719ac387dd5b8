"""convert: the table-driven traditional → simplified conversion gives OpenCC's result."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policytool.data import read_table
from policytool.text import convert
from policytool.text.convert import converter, simplify, simplify_char, to_simplified

PHRASES = [row["phrase"] for row in read_table("t2s_phrases.tsv")]


def opencc(text: str) -> str:
    """The reference: OpenCC's own conversion of the whole text, and 於 after a Han character
    as 于 (the one place policytool departs from it on purpose)."""
    return convert._PREPOSITION_YU.sub("于", str(converter().convert(text)))


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [
        ("乾隆年間", "乾隆年间"),  # the phrase keeps 乾
        ("乾燥", "干燥"),
        ("一目瞭然", "一目了然"),
        ("瞭望臺", "瞭望台"),
        ("批覆如下", "批复如下"),  # 覆 → 复 only in its phrases
        ("覆蓋全省", "覆盖全省"),
        ("著作權", "著作权"),
        ("衞生健康委", "卫生健康委"),  # an HK variant, reversed before t2s
        ("關於單位", "关于单位"),  # OpenCC's 於單 phrase would leave 於
        ("於梨華", "於梨华"),  # the surname, at a run's start
        ("宮商角徵羽", "宫商角徵羽"),
        ("傢俱", "家具"),
        ("国务院", "国务院"),
        ("", ""),
    ],
)
def test_known_conversions(traditional: str, simplified: str) -> None:
    assert to_simplified(traditional) == simplified == opencc(traditional)


def test_changed_characters_are_counted_and_kept_positions_left_alone() -> None:
    assert simplify("國務院關於") == ("国务院关于", 4)
    assert simplify("顯著著作", keep=[1]) == ("显著著作", 1)
    assert simplify("", keep=[0]) == ("", 0)


def test_astral_and_non_han_characters_pass_through() -> None:
    text = "\U00020000國務院🙂 ABC\n\t１２"
    assert to_simplified(text) == "\U00020000国务院🙂 ABC\n\t１２"


def test_single_characters() -> None:
    assert simplify_char("國") == "国"
    assert simplify_char("国") == "国"
    assert simplify_char("a") == "a"


def test_a_length_change_by_opencc_falls_back_to_the_whole_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Never seen with OpenCC's dictionaries; the fallback converts the whole text instead.
    convert._tables()  # built (and cached) with the real converter first
    monkeypatch.setattr(convert, "_convert_all", lambda pieces: [p + "x" for p in pieces])
    assert to_simplified("反覆無常") == opencc("反覆無常")


# Characters of every phrase of the chain's phrase tables, TW/HK variants, punctuation and
# the preposition: the strings most likely to tell the table from OpenCC.
ALPHABET = sorted(set("".join(PHRASES)) | set("衞爲裏綫僞峯啓著於，。 \n"))


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(PHRASES),
            st.sampled_from(PHRASES).map(lambda p: p[1:]),
            st.sampled_from(PHRASES).map(lambda p: p[:-1]),
            st.text(alphabet=ALPHABET, max_size=4),
        ),
        max_size=12,
    )
)
def test_property_the_table_gives_opencc_s_result(parts: list[str]) -> None:
    text = "".join(parts)
    assert to_simplified(text) == opencc(text)


def test_phrase_table_is_all_han_and_unique() -> None:
    assert len(PHRASES) == len(set(PHRASES))
    assert all(len(p) >= 2 for p in PHRASES)
    assert all(
        "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" or c > "\uffff"
        for p in PHRASES
        for c in p
    )
