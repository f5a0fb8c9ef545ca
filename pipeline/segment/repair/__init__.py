"""Repairs: what one broken source needs, kept apart from the readers of every plan."""
