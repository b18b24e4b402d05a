"""Format checks shared by the rules, the governance scan and the masking helpers.

Checksummed codes are validated with python-stdnum, not with a regex, because a code with the
right shape but a wrong check character is exactly the defect the sources deliver.
"""

from __future__ import annotations

import re

from stdnum import ean
from stdnum.cn import uscc

# Mainland mobile numbers: 11 digits, 1 then 3-9. SQL and Python use the same pattern.
MOBILE_PATTERN = r"^1[3-9]\d{9}$"
# Pragmatic e-mail shape: local part, @, dotted domain with a 2+ letter top level.
EMAIL_PATTERN = r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}$"
MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"

_MOBILE = re.compile(MOBILE_PATTERN)
_EMAIL = re.compile(EMAIL_PATTERN)


def is_valid_uscc(value: str) -> bool:
    """18-character unified social credit code with a correct check character (GB 32100-2015)."""
    return bool(uscc.is_valid(value))


def is_valid_ean13(value: str) -> bool:
    """13 digits with a correct EAN-13 check digit (shorter EAN-8/UPC codes are not accepted)."""
    return len(value) == 13 and bool(ean.is_valid(value))


def is_mobile(value: str) -> bool:
    return bool(_MOBILE.match(value))


def is_email(value: str) -> bool:
    return bool(_EMAIL.match(value))
