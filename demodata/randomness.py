"""Independent, reproducible random streams, one per named part of the generator.

Each part draws from its own stream, so adding draws to one entity never shifts the data
of another: the same seed, scale and end month always give the same files.
"""

from __future__ import annotations

import zlib

import numpy as np


def stream(seed: int, *names: object) -> np.random.Generator:
    """A generator seeded by `seed` and a stable hash of `names` (not Python's salted hash)."""
    words = [seed & 0xFFFFFFFF] + [zlib.crc32(str(name).encode("utf-8")) for name in names]
    return np.random.default_rng(words)


def pick(rng: np.random.Generator, items: list | tuple, size: int, p=None) -> np.ndarray:
    """Draw `size` items (as an object array) with optional probabilities `p`."""
    values = np.empty(len(items), dtype=object)
    values[:] = list(items)
    if p is not None:
        p = np.asarray(p, dtype=float)
        p = p / p.sum()
    return values[rng.choice(len(items), size=size, p=p)]
