"""Prefect flows: they wire the stage functions of ``bilateral`` into tasks, nothing more."""
