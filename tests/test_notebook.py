"""docs/first-hour.ipynb runs as a reader would run it: every cell, in a Jupyter kernel
(nbclient, ipykernel), from a folder where `ctocgraph build` made the store of data/; any
error in a cell fails. The notebook is kept without outputs."""

from __future__ import annotations

import base64

import nbformat
from conftest import ROOT, ctocgraph

NOTEBOOK = ROOT / "docs" / "first-hour.ipynb"


def outputs(cell) -> str:
    """A cell's text output: its streams and the plain text of its results."""
    return "".join(o.get("text", "") if o.output_type == "stream" else o.get("data", {}).get("text/plain", "")
                   for o in cell.outputs)


def test_the_notebook_is_kept_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code)


def test_the_notebook_runs_in_a_kernel(tmp_path):
    from nbclient import NotebookClient

    r = ctocgraph("-q", "build", cwd=tmp_path)  # data/ of the repository, into ./.ctocgraph/store
    assert r.returncode == 0, r.stderr
    nb = nbformat.read(NOTEBOOK, as_version=4)
    # raises CellExecutionError, naming the cell, on any error
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    code = [c for c in nb.cells if c.cell_type == "code"]
    text = "\n".join(outputs(c) for c in code)
    # resolution 7/1 is cited in item 1(b) of both agendas: "Vienna, 11–13 September 2017"
    # (CTOC/COP/WG.7/2017/1) and "Vienna, 8 and 9 September 2020" (CTOC/COP/WG.7/2020/1)
    assert "session 4 (11 September 2017), item 1(b): mandate" in text
    assert "session 7 (8 September 2020), item 1(b): mandate" in text
    assert "ordinal" in text and "Int64" in text and "datetime64" in text
    # the 2017 agenda lists items 1, 1(a), 1(b), 2-6 (eight), the 2020 one 1, 1(a), 1(b), 2-5 (seven)
    per_session = next(outputs(c) for c in code if "groupby" in c.source)
    assert [line.split() for line in per_session.splitlines()[1:3]] == [["4", "2017-09-11", "8"], ["7", "2020-09-08", "7"]]
    images = [o["data"]["image/png"] for c in code for o in c.outputs if "image/png" in o.get("data", {})]
    assert len(images) == 1 and base64.b64decode(images[0]).startswith(b"\x89PNG")
