import logging
import os

from shop.config import load_settings
from shop.search.indexer import indexer

logger = logging.getLogger("shop.startup")


async def on_startup(app) -> None:
    logger.info("Loading settings from environment (APP_ENV=%s)", os.getenv("APP_ENV", "development"))
    app.state.settings = load_settings()
    # Indexing waits for the search service in the background so startup stays fast.
    indexer.start_background_init()
