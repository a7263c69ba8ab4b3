"""StoryLens: an open narrative observatory for the news.

    from storylens import Pipeline, Settings, iter_documents
    pipe = Pipeline(Settings())
    for raw in iter_documents(["pages/"], pipe.settings):
        ...
"""

import logging

from storylens.config import Settings
from storylens.pipeline import Pipeline
from storylens.sources import iter_documents
from storylens.types import Article, RawDocument, Reject

__version__ = "0.1.0"
__all__ = ["Article", "Pipeline", "RawDocument", "Reject", "Settings", "__version__", "iter_documents"]

logging.getLogger("storylens").addHandler(logging.NullHandler())
