"""Reading one cell of a user's table: numbers (with units), unit codes, levels, text.

Each parser takes the cell's text and returns its value or raises :class:`CellError`,
whose English and Chinese texts the reader places at the file, row and column. The
columnar fast path accepts only cells these parsers read the same way, so the two paths
agree on every value (``tests/test_property_based.py`` holds them to it).
"""

from __future__ import annotations

import re
from functools import cache

from jiuzhu.core.lazy import np
from jiuzhu.core.model.table import UNIT_LEVELS


class CellError(ValueError):
    """A cell that cannot be read: ``str()`` is English, ``zh`` the Chinese."""

    def __init__(self, en: str, zh: str):
        super().__init__(en)
        self.zh = zh


#: Larger than any count of people or yuan jiuzhu meets; beyond it a cell is refused, not
#: silently overflowed.
MAX_NUMBER = 10**12

# Full-width digits, comma and point (what a Chinese input method types) read as ASCII.
# Nothing else is folded: ², ①, ٣ and the like are refused, not guessed at (NFKC would
# read "1000²" as 10002 and "①" as 1).
_FULL_WIDTH = str.maketrans("０１２３４５６７８９，．", "0123456789,.")
_PLAIN = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_GROUPED = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")
#: Units a count may carry ("3980人"): said in the reading, the number unchanged.
COUNT_UNITS = {"人": "people 人", "名": "people 名", "户": "households 户", "个": "个"}
#: 万 multiplies by 10,000 ("6.185万" is 61,850).
TEN_THOUSAND = "万"


def _number_text(text: str) -> tuple[str, str | None, int]:
    """``(digits, unit, multiplier)`` of a cell; the digits are not yet checked."""
    cleaned = text.strip().translate(_FULL_WIDTH)
    unit, multiplier = None, 1
    if cleaned[-1:] in COUNT_UNITS:
        unit, cleaned = cleaned[-1], cleaned[:-1].rstrip()
    if cleaned.endswith(TEN_THOUSAND):  # "6.185万" or "6.185万人"
        unit, multiplier, cleaned = TEN_THOUSAND + (unit or ""), 10_000, cleaned[:-1].rstrip()
    return cleaned, unit, multiplier


def parse_number(text: str) -> float:
    """A non-negative number as a spreadsheet user writes it: 12000, 12,000, 12000.5,
    full-width digits (１２０００), a unit (3980人, 120户) or 万 (6.185万 = 61,850).

    Refused, with the reason: negatives; NaN and infinities; exponents (1e3, Excel's
    5.3E+11); underscores (1_000); superscripts and circled digits (1000², ①); commas that
    do not separate thousands; values above :data:`MAX_NUMBER`.
    """
    value, _unit = read_number(text)
    return value


def read_number(text: str) -> tuple[float, str | None]:
    """``(value, unit)``: :func:`parse_number`'s value and the unit word it read (or None)."""
    if text.strip() == "":
        raise CellError("empty cell, a number is needed", "空单元格，需要填写数字")
    stripped = text.strip()
    cleaned, unit, multiplier = _number_text(stripped)
    if cleaned.startswith("-") and (_PLAIN.fullmatch(cleaned[1:]) or _GROUPED.fullmatch(cleaned[1:])):
        raise CellError(f"{stripped} is negative; it cannot be", f"“{stripped}”是负数，不能为负")
    if _GROUPED.fullmatch(cleaned):
        cleaned = cleaned.replace(",", "")
    elif "," in cleaned and _PLAIN.fullmatch(cleaned.replace(",", "")):
        raise CellError(f"{text!r}: commas must separate thousands, as in 12,000",
                        f"“{stripped}”：逗号只能用作千位分隔，如 12,000")
    if not _PLAIN.fullmatch(cleaned):
        raise CellError(f"{text!r} is not a number (write digits only, as in 12000 or 12,000)",
                        f"“{stripped}”不是数字（只写数字，如 12000 或 12,000）")
    value = float(cleaned) * multiplier
    if value > MAX_NUMBER:
        raise CellError(f"{stripped} is too large (more than {MAX_NUMBER:,})",
                        f"“{stripped}”过大（超过 {MAX_NUMBER:,}）")
    if multiplier != 1:
        value = round(value, 6)  # 6.185 * 10000 is 61849.99999999999 in binary floating point
    return value, unit


def parse_count(text: str) -> int:
    """A non-negative whole number ("12000", "１２,０００", "12000.0", "3980人", "6.185万")."""
    value = parse_number(text)
    if value != int(value):
        raise CellError(f"{text.strip()!r} is not a whole number", f"“{text.strip()}”不是整数")
    return int(value)


#: Words for each unit level. Declared once, here, with the level.
LEVEL_WORDS = {
    "county": ("county", "县", "县级", "区", "县区", "县(市、区)", "县(市、区、旗)", "县级市", "市辖区", "旗"),
    "township": ("township", "乡镇", "乡", "镇", "街道", "街道办事处", "街道办", "乡(镇、街道)",
                 "乡镇(街道)", "苏木"),
    "village": ("village", "村", "社区", "村(社区)", "村委会", "村民委员会", "居委会", "居民委员会",
                "社区居委会", "嘎查"),
}
LEVEL_ALIASES = {word: level for level, words in LEVEL_WORDS.items() for word in words}
_PARENS = str.maketrans("（）", "()")


def parse_level(text: str) -> str:
    key = text.strip().lower().translate(_PARENS).replace(" ", "")
    if key in LEVEL_ALIASES:
        return LEVEL_ALIASES[key]
    raise CellError(f"unknown level {text.strip()!r}; use one of {', '.join(UNIT_LEVELS)} "
                    "(or 县, 乡镇, 街道办事处, 村, 社区, 居委会, 村委会)",
                    f"未知层级“{text.strip()}”；可用：县、乡镇、街道办事处、村、社区、居委会、村委会"
                    f"（或 {', '.join(UNIT_LEVELS)}）")


def parse_text(text: str) -> str:
    return text.strip()


#: GB/T 2260 codes and their extensions by township and village (统计用区划代码): 6, 9 or 12 digits.
CODE_LENGTHS = (6, 9, 12)
_CODE = re.compile(r"[0-9]+")
_SCIENTIFIC = re.compile(r"[0-9.]+[eE][+-]?[0-9]+")
_TEXT_HINT_EN = "format the code column as Text in Excel (Format Cells → Text) and type the codes again"
_TEXT_HINT_ZH = "请在 Excel 中把代码列设为“文本”格式（设置单元格格式 → 文本）后重新录入代码"


def parse_code(text: str) -> str:
    """A unit code as GB/T 2260 writes it: 6 (county), 9 (township) or 12 (village) ASCII digits."""
    code = text.strip()
    if not code:
        raise CellError("empty cell, a unit code is needed", "空单元格，需要填写区划代码")
    if _SCIENTIFIC.fullmatch(code):
        raise CellError(f"{code!r} is a code Excel turned into a number in scientific notation (its last "
                        f"digits are lost); {_TEXT_HINT_EN}",
                        f"“{code}”是被 Excel 转成科学计数法的代码（末几位已丢失）；{_TEXT_HINT_ZH}")
    if re.fullmatch(r"[0-9]+\.[0-9]+", code):
        raise CellError(f"{code!r} has a decimal point: a code is text, not a number; {_TEXT_HINT_EN}",
                        f"“{code}”带小数点：代码是文本而非数字；{_TEXT_HINT_ZH}")
    if not (code.isascii() and _CODE.fullmatch(code)):
        raise CellError(f"{code!r} is not a unit code: a GB/T 2260 code is 6, 9 or 12 ASCII digits "
                        "(half-width 0-9)",
                        f"“{code}”不是区划代码：GB/T 2260 代码为 6、9 或 12 位半角数字")
    if len(code) not in CODE_LENGTHS:
        raise CellError(f"{code!r} has {len(code)} digits; a GB/T 2260 code has 6 (county), 9 (township) "
                        "or 12 (village)",
                        f"“{code}”为 {len(code)} 位；区划代码应为 6 位（县）、9 位（乡镇）或 12 位（村）")
    return code


def code_keys(codes):
    """One int64 per unit code, equal exactly when the codes are (duplicates are found by
    sorting these, not the text). For codes as files hold them (up to 12 ASCII digits);
    other text gets keys by sorting."""
    text = np.asarray(codes, dtype="U12") if len(codes) else np.zeros(0, "U12")
    if text.dtype.itemsize == 48:
        chars = text.view(np.uint32).reshape(len(text), 12)
        used = chars != 0
        if not len(text) or (((chars >= ord("0")) & (chars <= ord("9"))) | ~used).all():
            digits = np.where(used, chars.astype(np.int64) - ord("0"), 0)
            return digit_keys(digits @ _places()[11::-1], used.sum(axis=1))
    # Not digits (the readers refuse such codes first): keys by sorting, below every digit key.
    distinct, rank = np.unique(text, return_inverse=True)
    return rank.reshape(len(text)).astype(np.int64) - len(distinct)


@cache
def _places():
    """10**k for k = 0..12 (made on first use: numpy is imported lazily)."""
    return 10 ** np.arange(13, dtype=np.int64)


def digit_keys(padded, lengths):
    """:func:`code_keys` of codes of up to 12 ASCII digits, given as ``padded`` (each code's
    digits followed by zeros to 12 places, as a number) and ``lengths`` (its digits): the
    number times 13, plus the length. So 0053 and 53 differ, and codes in order have keys
    in order (a file sorted by code sorts its keys in one pass): a code first differs from
    another in a digit, or is the start of it and shorter."""
    return np.asarray(padded, dtype=np.int64) * 13 + np.asarray(lengths, dtype=np.int64)


def padded_codes(values, lengths):
    """Codes read as numbers (``values``, of ``lengths`` digits each) followed by zeros to
    12 places (:func:`digit_keys`' ``padded``)."""
    return np.asarray(values, dtype=np.int64) * _places()[12 - np.asarray(lengths, dtype=np.int64)]


def code_of_key(key: int) -> str:
    """The code a :func:`digit_keys` key stands for (to name it in a message)."""
    padded, length = divmod(int(key), 13)
    return str(padded).zfill(12)[:length]


def repeated_key_rows(keys) -> tuple[int, int] | None:
    """Positions of the first two records sharing a key (the smallest key given twice), or
    None if every key is given once. One sort of the keys, no index array as long as them."""
    if len(keys) < 2:
        return None
    ordered = np.sort(keys, kind="stable")  # one pass when the file is in code order (keys follow it)
    same = np.flatnonzero(ordered[1:] == ordered[:-1])
    if not len(same):
        return None
    key = ordered[same[0]]
    del ordered
    first, second = (int(i) for i in np.flatnonzero(keys == key)[:2])
    return first, second
