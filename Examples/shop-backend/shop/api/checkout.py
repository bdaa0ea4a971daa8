"""Cart and checkout endpoints."""

import logging
import os
from decimal import Decimal

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel

from shop.orders.events import order_events
from shop.orders.store import OrderStore, get_order_store
from shop.payments import client as payments
from shop.payments.errors import PaymentGatewayError

logger = logging.getLogger("shop.api.checkout")
router = APIRouter(prefix="/api")

CHECKOUT_CURRENCY = os.getenv("CHECKOUT_CURRENCY", "EUR")
MAX_CART_ITEMS = int(os.getenv("MAX_CART_ITEMS", "50"))


class CartItem(BaseModel):
    sku: str
    quantity: int
    unit_price: Decimal


class Cart(BaseModel):
    id: int
    items: list[CartItem]
    currency: str = CHECKOUT_CURRENCY

    @property
    def total(self) -> Decimal:
        return sum((item.unit_price * item.quantity for item in self.items), Decimal("0"))


class CheckoutResult(BaseModel):
    order_id: int
    charge_id: str
    status: str


@router.get("/cart/items")
async def list_cart_items(request: Request, store: OrderStore = Depends(get_order_store)) -> list[CartItem]:
    user = request.state.user
    cart = await store.cart_for(user["sub"])
    return cart.items if cart else []


@router.post("/cart/items")
async def add_cart_item(item: CartItem, request: Request, store: OrderStore = Depends(get_order_store)) -> Cart:
    user = request.state.user
    cart = await store.cart_for(user["sub"], create=True)
    if len(cart.items) >= MAX_CART_ITEMS:
        raise HTTPException(status_code=422, detail=f"a cart holds at most {MAX_CART_ITEMS} items")
    cart.items.append(item)
    await store.save_cart(cart)
    return cart


@router.delete("/cart/items/{sku}")
async def remove_cart_item(sku: str, request: Request, store: OrderStore = Depends(get_order_store)) -> Cart:
    user = request.state.user
    cart = await store.cart_for(user["sub"])
    if cart is None:
        raise HTTPException(status_code=404, detail="no cart")
    cart.items = [item for item in cart.items if item.sku != sku]
    await store.save_cart(cart)
    return cart


@router.get("/orders/{order_id}")
async def get_order(order_id: int, request: Request, store: OrderStore = Depends(get_order_store)) -> dict:
    user = request.state.user
    order = await store.order(order_id)
    if order is None or order.customer_id != user["sub"]:
        raise HTTPException(status_code=404, detail="order not found")
    return order.as_dict()


def _validate(cart: Cart) -> None:
    if not cart.items:
        raise HTTPException(status_code=422, detail="the cart is empty")
    for item in cart.items:
        if item.quantity <= 0:
            raise HTTPException(status_code=422, detail=f"invalid quantity for {item.sku}")


def _summary(cart: Cart) -> str:
    return ", ".join(f"{item.quantity}x {item.sku}" for item in cart.items)



# Order history is read from the primary database: replicas lag behind checkout by a few
# seconds and customers reload the page right after paying.


@router.get("/orders")
async def list_orders(
    request: Request,
    limit: int = 20,
    offset: int = 0,
    store: OrderStore = Depends(get_order_store),
) -> list[dict]:
    user = request.state.user
    orders = await store.orders_for(user["sub"], limit=min(limit, 100), offset=offset)
    return [order.as_dict() for order in orders]


@router.post("/orders/{order_id}/cancel")
async def cancel_order(order_id: int, request: Request, store: OrderStore = Depends(get_order_store)) -> dict:
    user = request.state.user
    order = await store.order(order_id)
    if order is None or order.customer_id != user["sub"]:
        raise HTTPException(status_code=404, detail="order not found")
    if order.status not in ("pending", "payment_failed"):
        raise HTTPException(status_code=409, detail=f"an order that is {order.status} cannot be cancelled")
    order.status = "cancelled"
    await store.save_order(order)
    logger.info("Order %s cancelled by %s", order.id, user["sub"])
    return order.as_dict()


def _idempotency_key(request: Request) -> str | None:
    key = request.headers.get("idempotency-key")
    if key and len(key) > 64:
        raise HTTPException(status_code=400, detail="idempotency key too long")
    return key


@router.post("/checkout")
async def checkout(request: Request, store: OrderStore = Depends(get_order_store)) -> CheckoutResult:
    user = request.state.user
    cart = await store.cart_for(user["sub"])
    if cart is None:
        raise HTTPException(status_code=404, detail="no cart")
    _validate(cart)
    logger.info("Checkout started for cart %s (user=%s)", cart.id, user["sub"])
    order = await store.create_order(cart, customer_id=user["sub"])
    try:
        charge = await payments.charge(cart.total, cart.currency, customer_id=user.id)
    except PaymentGatewayError:
        logger.exception("Checkout failed for cart %s", cart.id)
        await order_events.payment_failed(order)
        raise HTTPException(status_code=502, detail="payment provider unavailable")
    await order_events.paid(order, charge_id=charge["id"])
    return CheckoutResult(order_id=order.id, charge_id=charge["id"], status="paid")
