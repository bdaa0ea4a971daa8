"""Settings read from the environment at startup."""

import logging
import os
from dataclasses import dataclass

logger = logging.getLogger("shop.config")

REQUIRED_FOR_EMAIL = ("SMTP_HOST", "SMTP_USER", "SMTP_PASSWORD")


@dataclass
class Settings:
    app_env: str
    database_url: str
    smtp_host: str | None
    smtp_user: str | None
    smtp_password: str | None
    email_enabled: bool


def load_settings() -> Settings:
    settings = Settings(
        app_env=os.getenv("APP_ENV", "development"),
        database_url=os.environ["DATABASE_URL"],
        smtp_host=os.getenv("SMTP_HOST"),
        smtp_user=os.getenv("SMTP_USER"),
        smtp_password=os.getenv("SMTP_PASSWORD"),
        email_enabled=True,
    )
    for name in REQUIRED_FOR_EMAIL:
        if not os.getenv(name):
            logger.error("Missing required setting %s; order confirmation e-mails are disabled", name)
            settings.email_enabled = False
    return settings
