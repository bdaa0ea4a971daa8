"""HTTP client for the payment provider."""

import asyncio
import logging
import os
from decimal import Decimal

import httpx

from shop.payments.errors import PaymentGatewayError

logger = logging.getLogger("shop.payments.client")

PAYMENTS_URL = os.getenv("PAYMENTS_URL", "https://payments.internal/v2")
PAYMENTS_API_KEY = os.environ["PAYMENTS_API_KEY"]
PAYMENT_TIMEOUT_SECONDS = float(os.getenv("PAYMENT_TIMEOUT_SECONDS", "30"))
PAYMENT_MAX_ATTEMPTS = int(os.getenv("PAYMENT_MAX_ATTEMPTS", "3"))


class PaymentClient:
    """Charges customers through the provider's REST API, with retries on timeouts."""

    def __init__(self, http: httpx.AsyncClient | None = None):
        self._http = http or httpx.AsyncClient(base_url=PAYMENTS_URL)
        self.timeout = PAYMENT_TIMEOUT_SECONDS
        self.max_attempts = PAYMENT_MAX_ATTEMPTS

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {PAYMENTS_API_KEY}"}

    async def refund(self, charge_id: str, amount: Decimal) -> dict:
        url = f"{PAYMENTS_URL}/charges/{charge_id}/refunds"
        response = await self._http.post(url, json={"amount": str(amount)}, headers=self._headers())
        response.raise_for_status()
        return response.json()

    async def get_charge(self, charge_id: str) -> dict:
        url = f"{PAYMENTS_URL}/charges/{charge_id}"
        response = await self._http.get(url, headers=self._headers())
        response.raise_for_status()
        return response.json()


    @staticmethod
    def _amount_in_cents(amount: Decimal) -> int:
        return int((amount * 100).to_integral_value())

    @staticmethod
    def _backoff(attempt: int) -> float:
        return min(2.0 ** attempt, 10.0)

    async def capture(self, charge_id: str) -> dict:
        url = f"{PAYMENTS_URL}/charges/{charge_id}/capture"
        response = await self._http.post(url, headers=self._headers(), timeout=self.timeout)
        if response.status_code == 409:
            logger.warning("Charge %s was already captured", charge_id)
            return await self.get_charge(charge_id)
        response.raise_for_status()
        return response.json()

    async def cancel(self, charge_id: str) -> None:
        url = f"{PAYMENTS_URL}/charges/{charge_id}/cancel"
        response = await self._http.post(url, headers=self._headers(), timeout=self.timeout)
        if response.status_code == 404:
            logger.info("Charge %s not found; nothing to cancel", charge_id)
            return
        response.raise_for_status()

    async def health(self) -> bool:
        try:
            response = await self._http.get(f"{PAYMENTS_URL}/health", timeout=5.0)
        except httpx.HTTPError:
            return False
        return response.status_code == 200

    # Charges are retried on timeouts only: a declined card must not be charged twice.

    async def charge(self, amount: Decimal, currency: str, customer_id: str) -> dict:
        url = f"{PAYMENTS_URL}/charges"
        payload = {
            "amount": self._amount_in_cents(amount),
            "currency": currency,
            "customer": customer_id,
        }
        last_error: Exception | None = None
        for attempt in range(1, self.max_attempts + 1):
            try:
                response = await self._http.post(url, json=payload, timeout=self.timeout)
                response.raise_for_status()
                return response.json()
            except httpx.TimeoutException as exc:
                last_error = exc
                logger.error(
                    "Payment gateway request failed: %s after %.1fs (attempt %d/%d)",
                    type(exc).__name__, self.timeout, attempt, self.max_attempts,
                )
        raise PaymentGatewayError("gateway unavailable") from last_error


payments = PaymentClient()
