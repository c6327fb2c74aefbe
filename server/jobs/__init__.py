"""Background jobs: a Huey instance built from config in the factory, and thin tasks around
plain functions of `(now, ...)` (see tick.py). The consumer entry point is
`huey_consumer server.jobs.consumer.huey` (or `python -m server.jobs.consumer`)."""
