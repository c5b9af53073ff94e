"""Serving the page: the production start (`python -m ui.host.serve`), the guard around Streamlit's server,
and the public address that share links are built on."""
