import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# A fresh interpreter: in this test process other tests may already have imported Flask.
# Only modules the import itself adds count, not what site startup loaded before it.
# Every module of the package, found by walking it: a new module is covered without a test edit.
PROBE = """
import importlib, json, pkgutil, sys
before = set(sys.modules)
import server.core
names = [m.name for m in pkgutil.walk_packages(server.core.__path__, "server.core.")]
for name in names:
    importlib.import_module(name)
loaded = sorted({name.split(".")[0] for name in set(sys.modules) - before})
print(json.dumps({"modules": names, "loaded": loaded}))
"""


def probe():
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def modules_loaded_by_importing_the_core():
    return set(probe()["loaded"])


def test_the_probe_imports_every_module_of_the_core():
    on_disk = set()
    for path in (ROOT / "server" / "core").rglob("*.py"):  # subpackages too (core/imports)
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        if name != "server.core":
            on_disk.add(name)
    assert set(probe()["modules"]) == on_disk


def test_importing_the_core_loads_neither_flask_nor_sqlalchemy():
    loaded = modules_loaded_by_importing_the_core()
    assert "flask" not in loaded
    assert "sqlalchemy" not in loaded


def test_importing_the_core_loads_nothing_beyond_the_standard_library():
    loaded = modules_loaded_by_importing_the_core()
    beyond = {
        name
        for name in loaded - set(sys.stdlib_module_names) - {"server"}
        # sysconfig's generated data module is stdlib but has a platform-specific name;
        # PyStemmer is a Cython extension and brings its runtime modules.
        if not name.startswith(("_sysconfigdata", "_cython_"))
    }
    # tzdata may be read by zoneinfo as a data package; it is not code the core depends on.
    # Weekly themes (core/themes.py) stand on a C stemmer and a maintained stop-word list.
    assert beyond <= {"tzdata", "Stemmer", "stopwordsiso", "cython_runtime"}
