"""The `hudna` command the wheel installs."""

import json
import subprocess
import sys

from conftest import run_cli


def test_the_command_is_installed_and_scores_from_anywhere(cli):
    done = run_cli(cli, "score", "--format", "json", "--resamples", "0", cwd="/")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["extractor"] == "baseline"
    assert report["dataset"]["documents"] == 5


def test_python_dash_m_runs_the_command(cli):
    done = subprocess.run(
        [sys.executable, "-m", "hudna", "--version"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("hudna ")
