import os

from pydantic import BaseSettings, Field

DATABASE_URL = os.environ["DATABASE_URL"]


class Settings(BaseSettings):
    payment_timeout: int = 30
    payment_retries: int = Field(3, env="PAYMENT_RETRIES")
    search_url: str = "http://search:9200"


settings = Settings()
