"""The app with one slow API route, for the gunicorn back-pressure test (INSTANCE_PATH set)."""

import time

from flask import jsonify, request

from server.app import create_app

app = create_app()


@app.get("/api/v1/test-slow")
def slow():  # type: ignore[no-untyped-def]
    time.sleep(float(request.args.get("s", "1")))
    return jsonify(slept=True)
