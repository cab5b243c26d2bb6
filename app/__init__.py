"""Question-answering assistant over a survey of Python deep-learning libraries."""

__version__ = "0.1.0"
