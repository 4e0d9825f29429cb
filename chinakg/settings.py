"""The names and defaults the command line shares with the library: environment variables,
default places, limits and service addresses.

Plain constants with nothing imported, so that the command line can declare its options
without loading the RDF libraries (`chinakg query NAME` answered from a kept answer starts
in a fraction of the time).  The modules that use them import them from here.
"""

from __future__ import annotations

import os

#: the IRI every chinakg IRI starts with (chinakg.namespaces)
BASE = "https://w3id.org/chinakg/"

#: the store a command uses when --store is not given: $CHINAKG_STORE, else this folder
STORE_ENV = "CHINAKG_STORE"
DEFAULT_STORE = "chinakg-store"
#: what a store's dump is written as (`chinakg export --format`)
DUMP_FORMATS = ("nquads", "trig", "jsonld", "turtle", "nt")

#: where fetched documents are cached: $CHINAKG_CACHE, else this folder
CACHE_ENV = "CHINAKG_CACHE"
DEFAULT_CACHE = "chinakg-cache"
#: the official services documents are fetched from
ODATA_URL = "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0"
SYNCFEED_URL = "https://gegevensmagazijn.tweedekamer.nl/SyncFeed/2.0"
SRU_URL = "https://repository.overheid.nl/sru"

#: the largest file read as one document, in MB.  Real Kamerstukken are well under 1 MB of
#: text and 20 MB as PDF; a larger file is refused before it is read (`build --max-file-mb`).
MAX_FILE_MB = 32.0
#: what one file's processing may take: seconds (wall), and the memory of the worker process
#: reading it (its address space).  The slowest real file takes under a second, and a
#: worker about 0.4 GB (`build --max-file-seconds`, `--max-file-memory-mb`).
FILE_SECONDS = 120.0
FILE_MEMORY_MB = 3072


#: where work prepared once per installation is kept (the name index of the reference graph):
#: $CHINAKG_PREPARED, else $XDG_CACHE_HOME/chinakg, else ~/.cache/chinakg
PREPARED_ENV = "CHINAKG_PREPARED"


def prepared_folder() -> str:
    cache_home = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.environ.get(PREPARED_ENV) or os.path.join(cache_home, "chinakg")


def resolve_location(location: str | None) -> str:
    """--store value, else $CHINAKG_STORE, else ./chinakg-store."""
    return location or os.environ.get(STORE_ENV) or DEFAULT_STORE
