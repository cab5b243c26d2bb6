"""A plain install (no dev extras) imports every module of the package: nothing in app/ needs httpx."""

from __future__ import annotations

import subprocess
import sys

from app.settings import REPO_ROOT

DEV_ONLY = ("httpx", "pytest", "hypothesis", "schemathesis", "playwright", "requests")


def test_every_app_module_imports_without_dev_only_packages() -> None:
    code = (
        "import sys, pkgutil, importlib\n"
        f"for name in {DEV_ONLY!r}: sys.modules[name] = None  # importing it now raises ImportError\n"
        "import app\n"
        "for module in pkgutil.walk_packages(app.__path__, 'app.'):\n"
        "    importlib.import_module(module.name)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
