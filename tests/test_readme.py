"""The README, replayed as a new user would on a fresh copy of the project: its first command in
a fresh virtual environment (install, build, the answer about resolution 7/1), its Python block
as a doctest, then `ctocgraph add` of an agenda of one's own, whose session appears beside the
seeds' with every seed fact still there. Slow (a fresh install): about a minute."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

from conftest import ROOT

COSP = ROOT / "tests" / "agendas" / "cosp" / "CAC_COSP_2017_1.en.txt"


def fresh_copy(target):
    """The project's files as a clone holds them (tracked, and new ones not ignored)."""
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
                           cwd=ROOT, capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def run(command: str, cwd) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    return subprocess.run(["bash", "-c", command], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=900)


def test_the_readme_replays_on_a_fresh_copy(tmp_path):
    clone = fresh_copy(tmp_path / "ctocgraph")
    readme = (clone / "README.md").read_text(encoding="utf-8")
    first = re.search(r"```sh\n(.*)\n", readme).group(1)
    assert first.startswith("python3 -m venv .venv && ") and "ctocgraph build" in first

    r = run(first, clone)
    assert r.returncode == 0, r.stderr[-2000:]
    # the answer the README promises: how 7/1 governs the two seed sessions (item 1(b) of each)
    answer = [line for line in r.stdout.splitlines() if line.startswith("id:resolution/cop/7/1")]
    # (and, from the register, the Conference's seventh session, which adopted it on 10 October 2014)
    assert [line.split()[1:5] for line in answer] == [
        ["id:session/cop/7", "2014-10-10", "id:session/wg-som/4", "4"],
        ["id:session/cop/7", "2014-10-10", "id:session/wg-som/7", "7"]]

    r = run(".venv/bin/pip install -q -e '.[pandas]' && .venv/bin/python -m doctest README.md", clone)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-2000:]

    before = set((clone / ".ctocgraph" / "store" / "dataset.nq").read_text(encoding="utf-8").splitlines())
    mine = tmp_path / "downloads" / "my_agenda.txt"
    mine.parent.mkdir()
    shutil.copyfile(COSP, mine)
    r = run(f".venv/bin/ctocgraph add {mine}", clone)
    assert r.returncode == 0, r.stderr
    r = run(".venv/bin/ctocgraph sparql - --format csv <<< "
            "'SELECT ?s WHERE { ?s a ctoc:Session } ORDER BY ?s'", clone)
    # the register's twelve sessions of the Conference (IRIs in string order), the agenda's own,
    # and the seeds'
    cop = [f"https://w3id.org/ctocgraph/id/session/cop/{n}"
           for n in ("1", "10", "11", "12", "2", "3", "4", "5", "6", "7", "8", "9")]
    assert r.stdout.splitlines()[1:] == [*cop, "https://w3id.org/ctocgraph/id/session/cosp/7",
                                         "https://w3id.org/ctocgraph/id/session/wg-som/4",
                                         "https://w3id.org/ctocgraph/id/session/wg-som/7"]
    after = set((clone / ".ctocgraph" / "store" / "dataset.nq").read_text(encoding="utf-8").splitlines())
    assert before <= after
