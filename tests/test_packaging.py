"""A plain, non-editable ``pip install .`` installs every module, subpackage and static file of the
package: built into a fresh folder of its own, away from the checkout, and every module imported
from there."""

import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT

pytestmark = pytest.mark.slow


def test_a_plain_install_carries_every_module_and_static_file(tmp_path):
    target = tmp_path / "site-packages"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(target),
            str(ROOT),
        ],
        check=True,
        cwd=tmp_path,
    )
    modules = sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for path in (ROOT / "edition").rglob("*.py")
    )
    assert len(modules) > 40 and "edition.model.edited" in modules and "edition.sphinxext.state" in modules
    statics = sorted(path.name for path in (ROOT / "edition" / "static").iterdir())
    assert "edition.js" in statics
    script = (
        "import importlib, sys; from pathlib import Path\n"
        f"sys.path.insert(0, {str(target)!r})\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "import edition\n"
        "print(Path(edition.__file__).parent)\n"
    )
    # run from an empty folder: nothing of the checkout is on the path, only the installed copy
    done = subprocess.run([sys.executable, "-I", "-c", script], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-2000:]
    installed = Path(done.stdout.strip())
    assert installed == target / "edition"
    assert sorted(path.name for path in (installed / "static").iterdir()) == statics
