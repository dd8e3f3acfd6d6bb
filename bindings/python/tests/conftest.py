"""Shared fixtures: the vector corpus lives in tests/vectors/ at the repository root."""

import json
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
VECTORS = ROOT / "tests" / "vectors"


def vector_files(folder):
    return sorted((VECTORS / folder).glob("*.json"))


def load(path):
    return json.loads(path.read_text())


@pytest.fixture(scope="session")
def vectors_root():
    return VECTORS
