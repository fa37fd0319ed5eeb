"""The layers of the apps (docs/developing.md, "Layers"), checked by import-linter with
the contract in pyproject.toml: it holds for the code as it is, and it catches a wrong
import (a copy of the code where planning imports guidance)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _lint_imports(source_root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(source_root)}
    command = [
        sys.executable,
        "-c",
        "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())",
        str(REPO / "pyproject.toml"),
        "--no-cache",
    ]
    return subprocess.run(command, cwd=source_root, env=env, capture_output=True, text=True)


def test_the_apps_depend_downwards_only():
    result = _lint_imports(REPO / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_a_wrong_import_breaks_the_contract(tmp_path):
    copy = tmp_path / "basisbaan"
    shutil.copytree(
        REPO / "src" / "basisbaan",
        copy,
        ignore=shutil.ignore_patterns("static", "templates", "locale", "__pycache__", "*.mo"),
    )
    export = copy / "planning" / "export.py"
    # Planning lies below guidance: it may not import it.
    export.write_text("from basisbaan.guidance import absence  # noqa\n" + export.read_text())
    result = _lint_imports(tmp_path)
    assert result.returncode != 0
    assert "basisbaan.planning is not allowed to import basisbaan.guidance" in result.stdout
    assert "basisbaan.planning.export -> basisbaan.guidance.absence" in result.stdout
