"""dateline: news articles in, a deduplicated, dated, source-cited timeline out."""

__version__ = "0.1.0"
