"""Where the shared corpus of real documents is, and what a test does when it is absent.

On a developer's machine without `../shared/corpus` the corpus tests are skipped with the
reason. In CI (the `CI` variable set) the corpus is always laid beside the checkout, so
its absence is a broken set-up: the tests fail instead of passing by skipping.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def needs_corpus(path: Path):
    """A mark for a test (or `pytestmark` of a module) that reads `path` in the corpus."""
    if path.exists():
        return pytest.mark.skipif(False, reason="the corpus is there")
    if os.environ.get("CI"):
        return pytest.mark.usefixtures("_corpus_missing_in_ci")  # the fixture is in conftest.py
    return pytest.mark.skip(reason=f"corpus not found at {path}")

