"""Shared fixtures: the seed report, parsed once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.corpus import load_document
from qa.models import Document

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "ofsted-lancashire-safeguarding-lac-2012.txt"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def seed_doc() -> Document:
    return load_document(SEED)
