"""WSGI entry point: `gunicorn wsgi:app` in production, `flask run` in development."""

from server.app import create_app

app = create_app()
