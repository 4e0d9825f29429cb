"""The library's own exceptions.  Only the command line turns them into messages."""

from __future__ import annotations

#: set (by `chinakg --debug`, inherited by build workers) to let unexpected errors
#: propagate with their traceback instead of being reported as one line
DEBUG_ENV = "CHINAKG_DEBUG"


class ChinaKGError(Exception):
    """Base class of every error chinakg raises on purpose."""


class InputError(ChinaKGError):
    """A source file cannot be read or understood.  Names the file and the problem."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class NotADocument(InputError):
    """A readable file that holds no documents or records (a service's schema description,
    say): skipped and reported, not rejected."""


class ValidationFailed(ChinaKGError):
    """A document's graph has SHACL violations and was kept out of the store."""

    def __init__(self, path: str, report: str) -> None:
        super().__init__(f"{path}: SHACL violations\n{report}")
        self.path = path
        self.report = report


class StoreError(ChinaKGError):
    """The store cannot be opened, read or written."""


class QueryError(ChinaKGError):
    """A canned query is unknown, a parameter is wrong, or SPARQL is malformed."""


class ResourceMissing(ChinaKGError):
    """A packaged data file (.ttl, .rq) is not where it should be."""


class FetchError(ChinaKGError):
    """A document or record could not be fetched from an official source."""

    def __init__(self, url: str, problem: str, status: int | None = None) -> None:
        super().__init__(f"{url}: {problem}")
        self.url = url
        self.problem = problem
        self.status = status
