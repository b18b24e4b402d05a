"""Validity of the identification codes the sources carry, by python-stdnum's algorithms."""

from __future__ import annotations

from stdnum import ean
from stdnum.cn import uscc


def valid_uscc(code: str | None) -> bool:
    """An 18-character unified social credit code with a correct GB 32100 check character."""
    return bool(code) and uscc.is_valid(code)


def valid_ean13(code: str | None) -> bool:
    """A 13-digit EAN barcode with a correct check digit."""
    return bool(code) and len(code) == 13 and ean.is_valid(code)
