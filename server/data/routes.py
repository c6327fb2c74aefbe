"""Export (streamed) and import of a person's data."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask import Response, current_app, request, stream_with_context
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge

from server.core.imports import ImportRefused
from server.data import export, importer
from server.errors import ApiBlueprint, ErrorSchema, api_error
from server.models.types import utcnow
from server.openapi import SIGNED_IN

blp = ApiBlueprint("data", __name__, url_prefix="/api/v1/data", description="Export and import")

IMPORT_MAX_BYTES = 20 * 1024 * 1024
KINDS = {
    "json": ("application/json", "json"),
    "csv": ("text/csv", "csv"),
    "markdown": ("text/markdown", "md"),
}


@blp.route("/export/<kind>", methods=["GET"])
@login_required
@blp.doc(
    security=SIGNED_IN,
    parameters=[{"in": "path", "name": "kind", "schema": {"type": "string", "enum": list(KINDS)}}],
)
@blp.response(200, description="The file, streamed (JSON, CSV or Markdown).")
@blp.alt_response(404, schema=ErrorSchema, description="No such export format.")
def export_file(kind: str) -> Response:
    if kind not in KINDS:
        api_error(404)
    now = utcnow()
    user = current_user._get_current_object()
    chunks: Iterator[str]
    if kind == "json":
        chunks = export.json_export(user, now)
    elif kind == "csv":
        chunks = export.csv_export(user)
    else:
        chunks = export.markdown_export(user)
    mimetype, suffix = KINDS[kind]
    name = f"small-wins-{now.date().isoformat()}.{suffix}"
    return Response(
        stream_with_context(chunks),
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@blp.route("/import", methods=["POST"])
@login_required
@blp.doc(security=SIGNED_IN)
@blp.response(200, description="What was imported, mapped and skipped.")
@blp.alt_response(400, schema=ErrorSchema, description="Refused; nothing was written.")
@blp.alt_response(413, schema=ErrorSchema, description="Larger than the import limit.")
def import_file() -> Any:
    limit = current_app.config.get("IMPORT_MAX_BYTES", IMPORT_MAX_BYTES)
    request.max_content_length = limit  # larger than the API's usual limit, for this route only
    too_big = f"This file is larger than {limit // (1024 * 1024)} MB, so nothing was imported."
    try:
        upload = request.files.get("file")
        raw = upload.read(limit + 1) if upload is not None else b""
    except RequestEntityTooLarge:
        api_error(400, "import_refused", too_big)
    finally:
        request.close()  # a large upload was spooled to a temporary file: let it go now
    if upload is None:
        api_error(400, "import_refused", "Choose a file to import.", fields={"file": ["Missing."]})
    if len(raw) > limit:
        api_error(400, "import_refused", too_big)
    try:
        return importer.run(current_user._get_current_object(), raw, utcnow())
    except ImportRefused as refused:
        api_error(400, "import_refused", refused.message)
