"""The one way to find packaged data files (.ttl, .rq, .md, the server's .js).

The repository keeps `ontology/`, `shapes/`, `queries/` and `reference/` at its top
level; setuptools installs them as the packages `chinakg.ontology` and so on.  Going
through importlib.resources makes an editable install and a wheel behave the same.
"""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable

from chinakg.errors import ResourceMissing

FOLDERS = ("ontology", "ontology.external", "shapes", "queries", "reference", "server")


def resource(folder: str, name: str) -> Traversable:
    """The packaged file `name` in `folder` (one of FOLDERS)."""
    path = _folder(folder) / name
    if not path.is_file():
        raise ResourceMissing(f"no packaged file {folder}/{name}")
    return path


def resource_text(folder: str, name: str) -> str:
    return resource(folder, name).read_text(encoding="utf-8")


def list_resources(folder: str, suffix: str) -> list[str]:
    """Names of the packaged files in `folder` ending in `suffix`, sorted."""
    return sorted(p.name for p in _folder(folder).iterdir() if p.name.endswith(suffix))


def _folder(folder: str) -> Traversable:
    if folder not in FOLDERS:
        raise ResourceMissing(f"unknown resource folder {folder!r}")
    return resources.files(f"chinakg.{folder}")
