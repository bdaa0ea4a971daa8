import logging

from shop.search.indexer import indexer

logger = logging.getLogger("shop.orders.events")


class OrderEvents:
    async def paid(self, order, charge_id: str) -> None:
        order.status = "paid"
        order.charge_id = charge_id
        logger.info("Order %s paid with charge %s; queueing reindex", order.id, charge_id)
        await indexer.index_order(order)

    async def payment_failed(self, order) -> None:
        order.status = "payment_failed"
        logger.info("Order %s marked payment_failed; queueing reindex", order.id)
        await indexer.index_order(order)


order_events = OrderEvents()
