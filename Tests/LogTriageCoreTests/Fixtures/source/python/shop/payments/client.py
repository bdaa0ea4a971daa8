"""Talks to the payment gateway. A docstring with "quotes" and a # that is not a comment."""
import logging
import os

from shop.config import settings

logger = logging.getLogger(__name__)

GATEWAY_URL = os.getenv("PAYMENT_GATEWAY_URL", "https://gateway.example.com")


class PaymentError(Exception):
    pass


class PaymentClient:
    def __init__(self, session):
        self.session = session
        self.timeout = settings.payment_timeout

    def charge(self, order_id, amount, attempt=1, max_attempts=3):
        api_key = os.environ.get("PAYMENT_API_KEY", "")
        try:
            return self.session.post(GATEWAY_URL, json={"order": order_id, "key": api_key}, timeout=self.timeout)
        except TimeoutError as exc:
            logger.warning(
                "Payment gateway request failed: %s after %ss (attempt %d/%d)",
                type(exc).__name__,
                self.timeout,
                attempt,
                max_attempts,
            )
            raise PaymentError(f"Payment for order {order_id} timed out") from exc

    def refund(self, order_id):
        try:
            return self.session.delete(f"{GATEWAY_URL}/orders/{order_id}")
        except Exception as exc:  # the generic one: explains less of the timeout template
            logger.error("Payment gateway request failed: %s", exc)
            return None
