import asyncio
import logging
import os

import httpx

logger = logging.getLogger("shop.search.indexer")

SEARCH_URL = os.getenv("SEARCH_URL", "http://search:7700")
SEARCH_INIT_TIMEOUT = float(os.getenv("SEARCH_INIT_TIMEOUT", "120"))


class SearchIndexer:
    """Keeps the order search index current. The connection is set up in the background at startup."""

    def __init__(self) -> None:
        self._client: httpx.AsyncClient | None = None
        self._ready = asyncio.Event()

    def start_background_init(self) -> None:
        logger.info("Search indexer: background initialisation started")
        asyncio.get_event_loop().create_task(self._init())

    async def _init(self) -> None:
        client = httpx.AsyncClient(base_url=SEARCH_URL, timeout=SEARCH_INIT_TIMEOUT)
        await client.get("/health")
        await client.post("/indexes", json={"uid": "orders", "primaryKey": "id"})
        self._client = client
        self._ready.set()

    async def index_order(self, order) -> None:
        if not self._ready.is_set():
            # Fails fast instead of waiting for _init: checkout must not block on search.
            logger.error("Cannot index order %s: search service not initialized", order.id)
            return
        await self._client.post("/indexes/orders/documents", json=[order.as_dict()])


indexer = SearchIndexer()
