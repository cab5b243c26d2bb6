"""Domain errors. Each message says what happened and what to run; the API maps them in one place."""

from __future__ import annotations

REBUILD_HINT = "run `make index` (or `python scripts/build_index.py`)"


class AssistantError(Exception):
    """Base class of the errors this package raises on purpose."""


class CorpusError(AssistantError):
    """A corpus file is malformed; the message names the file, the entry and the field."""

    def __init__(self, file: str, entry: str | None, reason: str) -> None:
        self.file = file
        self.entry = entry
        self.reason = reason
        where = f"{file}, entry {entry!r}" if entry else file
        super().__init__(f"corpus error in {where}: {reason}")


class SurveyParseError(AssistantError):
    """A survey source could not be parsed into entries."""


class IndexError_(AssistantError):
    """Base of index problems (named with a trailing underscore so it never shadows the builtin)."""


class IndexNotFoundError(IndexError_):
    def __init__(self, index_dir: str) -> None:
        super().__init__(f"no index in {index_dir}; {REBUILD_HINT}")


class IndexOutOfDateError(IndexError_):
    def __init__(self, index_dir: str, reason: str) -> None:
        super().__init__(f"index in {index_dir} is out of date: {reason}; {REBUILD_HINT}")


class IndexCorruptError(IndexError_):
    def __init__(self, index_dir: str, reason: str) -> None:
        super().__init__(f"index in {index_dir} is damaged: {reason}; {REBUILD_HINT}")


class GpuUnavailableError(AssistantError):
    """``--gpu`` was asked for but faiss-gpu or a GPU is missing."""


class UnknownLibraryError(AssistantError):
    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(f"no library {key!r} in the survey; GET /libraries lists them")


class UnauthorizedError(AssistantError):
    def __init__(self, detail: str = "missing or wrong X-API-Key header") -> None:
        super().__init__(detail)


class UnknownModelError(AssistantError):
    """The OpenAI-compatible API was asked for a model it does not serve."""

    def __init__(self, model: str, served: str) -> None:
        self.model = model
        super().__init__(f"the model {model!r} does not exist; use {served!r} (GET /v1/models lists it)")


class ChatRequestError(AssistantError):
    """A chat-completion request that validates but cannot be answered (e.g. no user question at the end)."""

    def __init__(self, reason: str, param: str = "messages") -> None:
        self.param = param
        super().__init__(reason)
