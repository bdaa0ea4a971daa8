import os

from fastapi import HTTPException
from loguru import logger

JWT_SECRET = os.environ.get("JWT_SECRET")


def verify_token(request, token):
    leeway = int(os.getenv("JWT_LEEWAY", 0))
    try:
        return decode(token, JWT_SECRET, leeway=leeway)
    except ExpiredSignatureError:
        logger.warning("JWT verification failed for {} {}: Signature has expired", request.method, request.url.path)
        raise HTTPException(status_code=401, detail="Token expired")
