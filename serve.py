"""The app as it is served (`make run`: `streamlit run serve.py`): app.py inside Streamlit's own `st.App`,
with the middleware that forbids framing by other sites and hides the server's metrics, and a client's
`clear_cache` limited to its own session (ui/host/server_guard.py). Set once per server process here, not on every
rerun of app.py: the allocator setting for the workbench's caseloads (simulator/memory.py) too, and the
page's modules loaded and frozen out of the garbage collector's scans (ui/host/warm.py)."""
import streamlit as st
from starlette.middleware import Middleware

from simulator.memory import keep_freed_memory
from ui.host.server_guard import Guard, harmless_clear_cache
from ui.host.warm import load_and_freeze

harmless_clear_cache()
keep_freed_memory()   # the server is ours: the workbench's caseload temporaries reuse freed memory
load_and_freeze()     # Streamlit collects garbage after each run: frozen, the page's ~200,000 objects are not scanned
app = st.App("app.py", middleware=[Middleware(Guard)])
