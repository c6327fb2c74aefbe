"""The weekly summary core loads no Flask or SQLAlchemy: only the standard library plus the
two libraries its themes are built on (PyStemmer, stopwordsiso)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, sys
before = set(sys.modules)
import server.core.summary, server.core.themes, server.core.weeks
print(json.dumps(sorted({name.split(".")[0] for name in set(sys.modules) - before})))
"""


def test_the_weekly_core_loads_only_the_standard_library_a_stemmer_and_a_stop_word_list():
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True
    )
    loaded = set(json.loads(done.stdout))
    beyond = {
        name
        for name in loaded - set(sys.stdlib_module_names) - {"server"}
        if not name.startswith("_sysconfigdata")
    }
    assert "flask" not in loaded and "sqlalchemy" not in loaded
    # PyStemmer is a Cython extension: its runtime modules come with it.
    allowed = {"tzdata", "Stemmer", "stopwordsiso", "cython_runtime"}
    assert {name for name in beyond if not name.startswith("_cython_")} <= allowed
