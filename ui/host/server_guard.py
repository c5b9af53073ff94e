"""The server's surface, kept small (issue 22): no page of another site may frame the app, the metrics of
the server are not public, and no client can empty the caches of every user.

Streamlit (1.67) has no option for any of the three, so:
- `Guard`, an ASGI middleware that `serve.py` gives Streamlit's own `st.App` (its supported hook for
  middleware), sends `Content-Security-Policy: frame-ancestors 'none'` and `X-Frame-Options: DENY` with
  every HTTP response, and answers `/_stcore/metrics` (cache sizes, session counts) with 404;
- `harmless_clear_cache` replaces the handler of the `clear_cache` message a client can send over the
  websocket (streamlit/runtime/app_session.py `_handle_clear_cache_request`, which clears `st.cache_data`
  and `st.cache_resource` for every user): it clears only the sending session's own state. It is applied
  by `serve.py` and again by `app.py`, so `streamlit run app.py` gets it too.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGI = Callable[[Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]]

FRAME_HEADERS = [(b"content-security-policy", b"frame-ancestors 'none'"), (b"x-frame-options", b"DENY")]
HIDDEN_PATHS = ("/_stcore/metrics",)


class Guard:
    """ASGI middleware: framing forbidden on every HTTP response; the metrics endpoint not served."""

    def __init__(self, app: ASGI) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope.get("path", "").rstrip("/").endswith(HIDDEN_PATHS):
            await send({"type": "http.response.start", "status": 404,
                        "headers": [(b"content-type", b"text/plain"), *FRAME_HEADERS]})
            await send({"type": "http.response.body", "body": b"Not found"})
            return

        async def send_guarded(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() not in (b"x-frame-options", b"content-security-policy")]
                message["headers"] = headers + FRAME_HEADERS
            await send(message)

        await self.app(scope, receive, send_guarded)


def _clear_own_session(self) -> None:
    """A client's 'clear cache' (the C key, the menu): only its own session state, never the shared caches."""
    self._session_state.clear()


def harmless_clear_cache() -> None:
    """Make the websocket's `clear_cache` message clear the sender's session only (idempotent)."""
    from streamlit.runtime.app_session import AppSession

    AppSession._handle_clear_cache_request = _clear_own_session
