"""Company names and cities as matching compares them (EXTRACTS.md, Standard codes).

`上海 华联商贸（有限公司）`, `上海华联商贸有限责任公司` and `上海华联商贸股份有限公司` differ only in
width, spacing, brackets and legal form; a branch such as `（浦东分公司）` stays
part of the name, so a branch is a customer of its own unless a link or a USCC ties it to its
company.
"""

from __future__ import annotations

import re
import unicodedata

_LEGAL_FORMS = re.compile(r"股份有限公司|有限责任公司|有限公司|co\.?,?ltd\.?|companylimited|limited|inc\.?")
_TRAILING = re.compile(r"(集团|(?<!分)公司)+$")
_NOISE = re.compile(r"[\s·•.,，。、'\"“”‘’\-_/&()\[\]【】]")


def city_key(city: str | None) -> str | None:
    """Cities compare without spaces, width differences or a trailing 市."""
    if not city:
        return None
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", city))
    return text.removesuffix("市") or None


def company_name_key(name: str | None) -> str | None:
    """A comparison key: half-width, lower case, no spaces, punctuation or legal form.

    A leading city name is kept: `好邻便利店` and `广州好邻便利店` in 广州 are often different firms.
    """
    if not name:
        return None
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name).lower())
    text = _LEGAL_FORMS.sub("", text.replace("（", "(").replace("）", ")"))
    text = _NOISE.sub("", text)
    return _TRAILING.sub("", text) or None
