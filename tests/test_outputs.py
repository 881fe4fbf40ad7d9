"""What ctocgraph writes: `site DIR` never deletes a file it did not write; a write the system
refuses (a full disk, a file-size limit) is one line naming the path, exit 2, the previous
output and store intact and no temporary left; every output honours the umask."""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, ctocgraph

ZH = str(DATA / "sources" / "CTOC_COP_WG.7_2020_1.zh.txt")
EN = str(DATA / "sources" / "CTOC_COP_WG.7_2017_1.en.txt")


def tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with the sha256 of its bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def beside(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.iterdir() if p.name.startswith(f".{folder.name}."))


def test_site_never_deletes_files_it_did_not_write(built, tmp_path):
    store = str(built[0] / "store")
    target = tmp_path / "site"
    target.mkdir()
    (target / "notes.txt").write_text("my notes", encoding="utf-8")
    r = ctocgraph("site", str(target), "--store", store)
    assert r.returncode == 2 and r.stderr.count("\n") == 1
    assert f"{target}: is not empty and was not written by ctocgraph" in r.stderr
    assert tree(target) == {"notes.txt": hashlib.sha256(b"my notes").hexdigest()} and beside(target) == []
    (target / "notes.txt").unlink()
    assert ctocgraph("site", str(target), "--store", store).returncode == 0  # an empty folder
    first = set(tree(target))
    (target / "doc" / "mine.html").write_text("mine", encoding="utf-8")  # a user's file, inside
    r = ctocgraph("site", str(target), "--store", store)
    assert r.returncode == 2 and "holds files ctocgraph did not write (doc/mine.html)" in r.stderr
    assert set(tree(target)) == first | {"doc/mine.html"}
    assert (target / "doc" / "mine.html").read_text(encoding="utf-8") == "mine"
    (target / "doc" / "mine.html").unlink()
    assert ctocgraph("site", str(target), "--store", store).returncode == 0  # its own: replaced
    assert set(tree(target)) == first and beside(target) == []
    file = tmp_path / "a-file"
    file.write_text("x", encoding="utf-8")
    r = ctocgraph("site", str(file), "--store", store)
    assert r.returncode == 2 and "is not a folder" in r.stderr and file.read_text(encoding="utf-8") == "x"


def limited(*args: str, size: int, umask: int | None = None) -> subprocess.CompletedProcess:
    """`ctocgraph ARGS` where no file may grow past ``size`` bytes: each write past it fails
    with EFBIG ("File too large"), as a write on a full disk fails with ENOSPC."""
    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
        if umask is not None:
            os.umask(umask)

    return subprocess.run([sys.executable, "-m", "ctocgraph", *args], capture_output=True,
                          text=True, timeout=300, preexec_fn=limit)


def one_line(r: subprocess.CompletedProcess, path: Path) -> None:
    assert r.returncode == 2, r.stderr
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr and "internal error" not in r.stderr
    assert str(path) in r.stderr and "File too large" in r.stderr, r.stderr


def test_a_refused_write_leaves_everything_as_it_was(built, tmp_path):
    out, store = tmp_path / "graph.nq", tmp_path / "store"
    assert ctocgraph("build", ZH, "-o", str(out), "--store", str(store)).returncode == 0
    before_out, before_store = out.read_bytes(), tree(store.resolve())
    around = sorted(p.name for p in tmp_path.iterdir())
    r = limited("build", EN, "-o", str(out), "--store", str(store), size=100_000)
    one_line(r, tmp_path / "cache")  # the first write: the source's entry in the store's cache
    assert out.read_bytes() == before_out and tree(store.resolve()) == before_store
    assert sorted(p.name for p in tmp_path.iterdir()) == around  # no temporary left
    r = limited("build", EN, "-o", str(out), "--no-store", "--no-cache", size=100_000)
    one_line(r, out)  # the dump the output would have been
    assert out.read_bytes() == before_out and sorted(p.name for p in tmp_path.iterdir()) == around
    site = tmp_path / "site"
    assert ctocgraph("site", str(site), "--store", str(store)).returncode == 0
    before_site = tree(site)
    one_line(limited("site", str(site), "--store", str(built[0] / "store"), size=100_000), site)
    assert tree(site) == before_site and beside(site) == []
    html = tmp_path / "explorer.html"
    html.write_text("previous", encoding="utf-8")
    one_line(limited("explore", "-o", str(html), "--store", str(store), size=100_000), html)
    assert html.read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*around, "site", "explorer.html"])


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("unshare"), reason="needs root to mount a small tmpfs")
def test_a_full_disk_for_real(built, tmp_path):
    """The same on a real file system that runs out of space: an 8 MB tmpfs (in a mount
    namespace of the test's own) holding a store and its 2.6 MB site, then asked for the
    12 MB site of the seed."""
    report = tmp_path / "report.txt"
    disk = tmp_path / "disk"
    disk.mkdir()
    script = f"""
mount -t tmpfs -o size=8m tmpfs {disk} || exit 77
set -e
{sys.executable} -m ctocgraph build {ZH} -o {disk}/g.nq --store {disk}/store > /dev/null
{sys.executable} -m ctocgraph site {disk}/site --store {disk}/store > /dev/null
before=$(cd {disk} && find site -type f | sort | xargs sha256sum | sha256sum)
set +e
{sys.executable} -m ctocgraph site {disk}/site --store {built[0] / "store"} 2> {tmp_path}/err.txt
echo "code $?" > {report}
after=$(cd {disk} && find site -type f | sort | xargs sha256sum | sha256sum)
[ "$before" = "$after" ] && echo same >> {report}
ls -A {disk} | tr '\\n' ' ' >> {report}
"""
    r = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=300)
    if r.returncode == 77 or "unshare failed" in r.stderr:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.strip()}")
    assert r.returncode == 0, r.stderr
    lines = report.read_text(encoding="utf-8").splitlines()
    err = (tmp_path / "err.txt").read_text(encoding="utf-8")
    assert lines[0] == "code 2" and "No space left on device" in err and err.count("\n") == 1, err
    assert lines[1] == "same"  # the previous site, whole
    assert lines[2].split() == sorted(["cache", "g.nq", "site", "store", ".store.lock", *[
        n for n in lines[2].split() if n.startswith(".store-v3-")]])  # no .site.tmp-… left


def test_outputs_honour_the_umask(built, tmp_path):
    store = built[0] / "store"
    for umask, mode in ((0o022, 0o644), (0o027, 0o640), (0o002, 0o664)):
        out = tmp_path / f"u{umask:o}"
        for args in (("build", ZH, "-o", str(out / "g.nq"), "--no-store"),
                     ("explore", "-o", str(out / "e.html"), "--store", str(store)),
                     ("export", "citations", "--format", "csv", "-o", str(out / "c.csv"), "--store", str(store)),
                     ("site", str(out / "site"), "--store", str(store))):
            r = limited(*args, size=resource.RLIM_INFINITY, umask=umask)
            assert r.returncode == 0, r.stderr
        for name in ("g.nq", "e.html", "c.csv", "c.nodes.csv", "site/index.html", "site/dump.nq"):
            assert (out / name).stat().st_mode & 0o777 == mode, (name, oct(umask))
