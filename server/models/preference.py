"""A person's preferences that follow them to every device, synced as "preferences".

One record per person: devices name it uuid5(namespace, user id) (server/preferences/schemas.py),
so two devices writing offline edit the same record. Settings that the server must apply at
once (time zone, "my day starts at") stay on the user row and change through PATCH /auth/me.
"""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.sync import SyncedRecord


class Preference(SyncedRecord, db.Model):
    __tablename__ = "preferences"

    # Which past wins may come back to the person: "all", "starred" or "off".
    resurfacing: Mapped[str] = mapped_column(String(16), default="all")
