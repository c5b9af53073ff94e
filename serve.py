"""The app as it is served (`make run`: `streamlit run serve.py`): app.py inside Streamlit's own `st.App`,
with the middleware that forbids framing by other sites and hides the server's metrics, and a client's
`clear_cache` limited to its own session (ui/server_guard.py)."""
import streamlit as st
from starlette.middleware import Middleware

from ui.server_guard import Guard, harmless_clear_cache

harmless_clear_cache()
app = st.App("app.py", middleware=[Middleware(Guard)])
