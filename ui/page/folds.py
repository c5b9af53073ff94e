"""What the page folds away and makes only when it is opened: the household's editor, each option's tables
and "why?", every number. An input's change then sends the browser only what is open (issue 20: each element
a run sends costs the answer's update time, ~1–2 ms of the browser's work each on a slow machine), and which
folds and tabs are open is kept across runs, also while the workbench hides them (app.py)."""
from __future__ import annotations

from contextlib import contextmanager

import streamlit as st

# The keys of the folds and tabs app.py keeps across runs: the household's editor, every number, and per
# option the details' and the curve's open tab, the waterfall's and the curve's table and the "why?".
_KEPT_PREFIXES = ("household_open", "numbers_open", "details_tab", "curve_tab", "why-", "waterfall-table-",
                  "curve-table-")


def kept(key: str) -> bool:
    """Whether `key` is an open fold or tab that app.py keeps across runs."""
    return key.startswith(_KEPT_PREFIXES)


@contextmanager
def folded(label: str, key: str):
    """An expander whose content is made only while it is open: yields whether it is. Opening it reruns the
    page (Streamlit's `on_change="rerun"`), which then draws the content; a screen reader meets the content
    when it is opened, as with any closed expander. A closed fold is neither computed nor sent; one opened
    stays open through the following changes (its state is kept under `key`)."""
    with st.expander(label, key=key, on_change="rerun") as box:
        yield bool(box.open)
