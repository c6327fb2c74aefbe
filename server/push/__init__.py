"""Web push: VAPID keys and the one adapter around pywebpush (see sender.py)."""
