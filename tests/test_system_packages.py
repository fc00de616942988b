"""`make system-packages` checks every Debian package the tests use on its own, and installs the
missing ones whatever else is already there (the old target installed poppler-utils only when
Chromium was missing). apt-get and id are stand-ins here: this test installs nothing."""

import os
import subprocess

from helpers import ROOT


def run_target(tmp_path, packages):
    shim = tmp_path / "bin"
    shim.mkdir()
    log = tmp_path / "apt-get.log"
    (shim / "apt-get").write_text(f'#!/bin/sh\necho "$*" >> {log}\n')
    (shim / "id").write_text("#!/bin/sh\necho 0\n")  # as root
    for tool in shim.iterdir():
        tool.chmod(0o755)
    env = dict(os.environ, PATH=f"{shim}:{os.environ['PATH']}")
    result = subprocess.run(
        ["make", "-s", "system-packages", f"SYSTEM_PACKAGES={packages}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    return result, log.read_text().splitlines() if log.exists() else []


def test_the_makefile_names_every_package_the_tests_use():
    makefile = (ROOT / "Makefile").read_text()
    assert "SYSTEM_PACKAGES ?= chromium:chromium poppler-utils:pdftotext" in makefile
    assert "test: test-env system-packages" in makefile


def test_a_missing_poppler_is_installed_although_chromium_is_there(tmp_path):
    result, apt = run_target(tmp_path, "sh:sh poppler-utils:no-such-pdftotext")
    assert apt == ["update -qq", "install -y -qq poppler-utils"]
    assert "poppler-utils: missing (no-such-pdftotext not found)" in result.stdout
    # the stand-in installed nothing, so the target says so and fails rather than letting the tests fail later
    assert (
        result.returncode != 0
        and "poppler-utils was installed but no-such-pdftotext is still not found" in result.stdout
    )


def test_nothing_is_installed_when_everything_is_there(tmp_path):
    result, apt = run_target(tmp_path, "sh:sh make:make")
    assert result.returncode == 0 and apt == []


def test_the_readme_names_the_system_packages():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "`chromium`" in readme and "`poppler-utils`" in readme and "make system-packages" in readme
