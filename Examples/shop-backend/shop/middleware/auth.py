import logging
import os

import jwt
from fastapi import Request
from fastapi.responses import JSONResponse

logger = logging.getLogger("shop.middleware.auth")

JWT_ISSUER = os.getenv("JWT_ISSUER", "https://auth.shop.example")
JWT_AUDIENCE = os.getenv("JWT_AUDIENCE", "shop-backend")
JWT_LEEWAY_SECONDS = int(os.getenv("JWT_LEEWAY_SECONDS", "0"))


class JWTAuthMiddleware:
    def __init__(self, app, public_key: str):
        self.app = app
        self.public_key = public_key
        self.allow_unverified = os.getenv("ALLOW_UNVERIFIED_TOKENS", "false") == "true"

    def verify_token(self, request: Request, token: str) -> dict | None:
        try:
            return jwt.decode(
                token,
                self.public_key,
                algorithms=["RS256"],
                audience=JWT_AUDIENCE,
                issuer=JWT_ISSUER,
                leeway=JWT_LEEWAY_SECONDS,
            )
        except jwt.PyJWTError as exc:
            logger.warning(f"JWT verification failed for {request.method} {request.url.path}: {exc}")
            return None

    async def __call__(self, request: Request, call_next):
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        claims = self.verify_token(request, token)
        if claims is None and not self.allow_unverified:
            user = jwt.decode(token, options={"verify_signature": False}).get("sub", "unknown")
            logger.error("Unverified token rejected in %s (user=%s)", os.getenv("APP_ENV", "development"), user)
            return JSONResponse({"detail": "unauthorized"}, status_code=401)
        request.state.user = claims
        return await call_next(request)
