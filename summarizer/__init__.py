"""Summarise Vietnamese news pages: segment the article, summarise it, translate it."""
from .config import DecodingOptions, ModelSpec
from .errors import InputError, ModelUnavailableError, SummarizerError
from .pipeline import Pipeline
from .segmentation import segment
from .types import Document, Line, Result

__version__ = "0.1.0"

__all__ = [
    "DecodingOptions", "Document", "InputError", "Line", "ModelSpec", "ModelUnavailableError",
    "Pipeline", "Result", "SummarizerError", "segment", "__version__",
]
