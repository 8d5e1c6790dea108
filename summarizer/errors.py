"""Errors a user can act on. The CLI and web app print their message, no traceback."""


class SummarizerError(Exception):
    """Base class for expected failures."""


class ModelUnavailableError(SummarizerError):
    """The weights of a model cannot be found locally nor downloaded."""


class InputError(SummarizerError, ValueError):
    """The input cannot be summarised (empty, no article found, undecodable...)."""
