import logging
import os

from shop.config import settings

log = logging.getLogger("shop.search")

SEARCH_TIMEOUT = float(os.getenv("SEARCH_TIMEOUT", "2.5"))


def index_order(order_id, service=None):
    url = settings.search_url
    if service is None:
        log.error(f"Cannot index order {order_id}: search service not initialized")
        return False
    log.info("Indexed order {} in {:.1f}ms".format(order_id, service.elapsed(url)))
    return True


def rebuild(batch):
    def report(skipped):
        log.warning(
            "Search rebuild skipped %d documents "
            "because the index is read-only",
            skipped,
        )

    report(len(batch))
