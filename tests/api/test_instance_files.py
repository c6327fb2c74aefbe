"""The embedded mode's files hold every win and the secrets: only their owner may read them."""

from __future__ import annotations

import stat
from pathlib import Path

from server.app import create_app
from server.extensions import db
from tests.conftest import FAST_HASH


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_fresh_instance_keeps_its_database_queue_and_secrets_private(tmp_path: Path) -> None:
    instance = tmp_path / "instance"
    app = create_app({"INSTANCE_PATH": str(instance), "PASSWORD_HASH_METHOD": FAST_HASH})
    with app.app_context():
        db.create_all()  # writes through SQLite, which makes its -wal and -shm files too
        db.session.execute(db.text("CREATE TABLE probe (x)"))
        db.session.commit()
        db.engine.dispose()

    assert mode(instance) == 0o700
    files = sorted(instance.iterdir())
    assert {p.name for p in files} >= {"smallwins.sqlite3", "huey.sqlite3", "secret_key"}
    for path in files:
        assert mode(path) == 0o600, f"{path.name} is {oct(mode(path))}"


def test_an_existing_database_file_is_left_as_the_operator_set_it(tmp_path: Path) -> None:
    database = tmp_path / "mine.sqlite3"
    database.touch(mode=0o640)
    database.chmod(0o640)
    create_app(
        {
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "DATABASE_URL": f"sqlite:///{database}",
            "PASSWORD_HASH_METHOD": FAST_HASH,
        }
    )
    assert mode(database) == 0o640
