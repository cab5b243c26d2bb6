"""The API key as the integrations present it: ``X-API-Key`` or ``Authorization: Bearer`` (OpenAI and MCP clients)."""

from __future__ import annotations

import hmac

from starlette.datastructures import Headers

from app.errors import UnauthorizedError
from app.settings import Settings

KEY_HEADERS = "missing or wrong API key (send it as 'Authorization: Bearer <key>' or in the X-API-Key header)"


def presented_key(headers: Headers) -> str:
    """The key a client sent: ``X-API-Key`` if present, else the token of a Bearer ``Authorization`` header."""
    if "x-api-key" in headers:
        return headers["x-api-key"]
    scheme, _, token = headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def check_key(settings: Settings, headers: Headers) -> None:
    """Raise ``UnauthorizedError`` unless no key is configured or the presented one matches (constant time)."""
    if settings.api_key is None:
        return
    expected = settings.api_key.get_secret_value().encode()
    if not hmac.compare_digest(presented_key(headers).encode(), expected):
        raise UnauthorizedError(KEY_HEADERS)
