from loguru import logger

from shop.payments.client import PaymentClient


def checkout(cart, session):
    client = PaymentClient(session)
    return client.charge(cart.order_id, cart.total)


def retry(order, attempt, max_attempts):
    logger.warning("Retrying charge for order {order} (attempt {attempt}/{max})", order=order, attempt=attempt, max=max_attempts)
