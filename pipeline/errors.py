"""The project's own exception type: what the command line turns into a message and an exit status."""

from __future__ import annotations


class PlansError(Exception):
    """A condition the user can act on; the message says what is wrong and where."""


class NotFound(PlansError, FileNotFoundError):
    """A file, folder or database the command needs is missing."""


class InvalidInput(PlansError, ValueError):
    """A value the user gave (a query, an id, a data file, a manifest) that cannot be used."""


class ReadError(PlansError):
    """A document that cannot be read at all; the message names what is wrong."""
