"""Project hygiene that CI relies on."""

from __future__ import annotations

import re

from conftest import ROOT


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", readme, re.S)
    assert block is not None
    commands = [ln for ln in block.group(1).splitlines() if ln.strip()]
    assert len(commands) == 2  # exactly two set-up commands: run, test
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert ci == commands[1]


def test_manifest_says_which_texts_are_official():
    manifest = (ROOT / "data" / "manifest.toml").read_text(encoding="utf-8")
    assert manifest.count('status = "official"') + manifest.count('status = "rendition"') == \
        manifest.count("[[source]]")
