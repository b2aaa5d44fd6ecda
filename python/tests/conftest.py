"""Shared fixtures: the repository, the installed `hudna` command, sample
predictions taken from the bundled gold."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

import hudna

REPO = Path(__file__).resolve().parents[2]


def pytest_sessionstart(session):
    """Under python/ci.sh the suite must test the installed wheel, never the
    source tree's python/hudna/ (which may hold a `maturin develop` build)."""
    if os.environ.get("HUDNA_REQUIRE_CLI") == "1":
        here = Path(hudna.__file__).resolve()
        assert REPO / "python" not in here.parents, f"testing the source tree: {here}"


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def cli() -> str:
    """The `hudna` command the wheel installed. python/ci.sh sets
    HUDNA_REQUIRE_CLI=1: there a missing command fails the suite; a
    developer's `maturin develop` without the binary skips these tests."""
    exe = hudna._cli_path()
    if exe is None:
        if os.environ.get("HUDNA_REQUIRE_CLI") == "1":
            pytest.fail("the wheel did not install the `hudna` command")
        pytest.skip("no `hudna` command installed next to this Python")
    return exe


def run_cli(cli: str, *args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [cli, *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8"
    )


@pytest.fixture(scope="session")
def gold() -> hudna.Gold:
    return hudna.load_gold()


@pytest.fixture(scope="session")
def some_predictions(gold) -> list:
    """Every other gold entity, the first casualty figure of each document
    and no events: a system with known gaps."""
    out = []
    for doc in gold.documents.values():
        out.extend(doc.entities[::2])
        out.extend(doc.casualties[:1])
    # Casualty figures point at events and sources this system lacks.
    return [{k: v for k, v in r.items() if k not in ("event", "source", "id")} for r in out]
