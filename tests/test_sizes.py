"""The size rule of the package (issue #24): no module over 500 lines, no function over 80.
Measured as the code is, so a module or function that grows past the rule fails here."""

from __future__ import annotations

import ast

from ctocgraph.paths import project_root

PACKAGE = project_root() / "src" / "ctocgraph"
MODULE_MAX, FUNCTION_MAX = 500, 80


def test_no_module_over_500_lines_and_no_function_over_80():
    too_long = []
    modules = sorted(PACKAGE.rglob("*.py"))
    assert len(modules) > 50  # the package itself, not an empty folder
    for path in modules:
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(PACKAGE)
        if len(text.splitlines()) > MODULE_MAX:
            too_long.append(f"{name}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                if size > FUNCTION_MAX:
                    too_long.append(f"{name}:{node.lineno} {node.name}: {size} lines")
    assert too_long == []
