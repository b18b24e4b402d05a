"""Identifiers with real check digits: EAN-13 barcodes, USCC codes, phones and personal names.

Check digits come from python-stdnum, the same library a loader would validate with, so a
"valid" code here is valid there and a deliberately broken one is broken there too.
"""

from __future__ import annotations

import numpy as np
from stdnum import ean
from stdnum.cn import uscc

from demodata import vocab

_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def ean13(body12: str) -> str:
    """A valid EAN-13 from its first 12 digits."""
    return body12 + ean.calc_check_digit(body12)


def wrong_check_digit(code: str, rng: np.random.Generator) -> str:
    """The same code with a different (wrong) last digit."""
    digit = (int(code[-1]) + int(rng.integers(1, 10))) % 10
    return code[:-1] + str(digit)


def barcodes(rng: np.random.Generator, count: int, taken: set[str] | None = None) -> list[str]:
    """Distinct valid EAN-13 codes with Chinese GS1 prefixes 690-695."""
    taken = set(taken or ())
    codes: list[str] = []
    while len(codes) < count:
        body = f"{rng.integers(690, 696)}{rng.integers(0, 10**9):09d}"
        code = ean13(body)
        if code not in taken:
            taken.add(code)
            codes.append(code)
    return codes


def _organization_code(rng: np.random.Generator) -> str:
    """A 9-character organisation code (GB 11714) with its own check character."""
    body = "".join(_ORG_ALPHABET[i] for i in rng.integers(0, 10, 8))
    total = sum(_ORG_ALPHABET.index(c) * w for c, w in zip(body, _ORG_WEIGHTS, strict=False))
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def uscc_code(rng: np.random.Generator, division: str) -> str:
    """A valid unified social credit code for an enterprise registered in `division`."""
    body = "91" + division + _organization_code(rng)
    return body + uscc.calc_check_digit(body)


def break_uscc(code: str, rng: np.random.Generator) -> str:
    """The same code with a wrong check character."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    wrong = [c for c in alphabet if c != code[-1]]
    return code[:-1] + wrong[int(rng.integers(0, len(wrong)))]


def mobile_phones(rng: np.random.Generator, count: int) -> np.ndarray:
    """Mainland mobile numbers matching 1[3-9]\\d{9}."""
    second = rng.integers(3, 10, count)
    rest = rng.integers(0, 10**9, count)
    return np.array([f"1{s}{r:09d}" for s, r in zip(second, rest, strict=False)], dtype=object)


def person_names(rng: np.random.Generator, count: int, rare_share: float = 0.0) -> np.ndarray:
    """Chinese personal names; `rare_share` of them use a character outside GBK."""
    surnames = np.array(vocab.SURNAMES, dtype=object)[rng.integers(0, len(vocab.SURNAMES), count)]
    chars = np.array(vocab.GIVEN_CHARS, dtype=object)
    first = chars[rng.integers(0, len(chars), count)]
    second = np.where(rng.random(count) < 0.6, chars[rng.integers(0, len(chars), count)], "")
    rare = rng.random(count) < rare_share
    rare_chars = np.array(vocab.RARE_NAME_CHARS, dtype=object)[rng.integers(0, len(vocab.RARE_NAME_CHARS), count)]
    first = np.where(rare, rare_chars, first)
    return surnames + first + second
