"""chinakg: a knowledge graph of Dutch parliamentary documents on China policy and human rights."""

from __future__ import annotations

from typing import Any

__all__ = ["KnowledgeGraph", "Rows"]


def __getattr__(name: str) -> Any:
    # Imported on first use: importing any chinakg module (the CLI, chinakg.errors) should
    # not load the whole pipeline and pySHACL.
    if name in __all__:
        from chinakg import api

        return getattr(api, name)
    raise AttributeError(f"module 'chinakg' has no attribute {name!r}")
