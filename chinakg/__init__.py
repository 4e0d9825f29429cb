"""chinakg: a knowledge graph of Dutch parliamentary documents on China policy and human rights."""

from chinakg.api import KnowledgeGraph, Rows

__all__ = ["KnowledgeGraph", "Rows"]
