"""The page's modules loaded once per server process, before the first visitor, and then kept out of the
garbage collector's scans.

After every run of app.py Streamlit collects garbage in full (its `runner.postScriptGC` setting): a scan of
every object the process holds, ~200,000 once numpy, pandas, altair, pydantic and the rules are loaded. On
the shared 2-core machine that took 90 ms a rerun, holding the interpreter's lock, so the rest of the page
waited for it on its way to the browser. Objects loaded here live as long as the process; `gc.freeze()`
moves them out of the collector's generations (reference counting still frees them), so the scan after a
run covers only what the sessions made since.

It changes the whole process, so it is never done on import: serve.py calls it.
"""
from __future__ import annotations

import gc


def load_and_freeze() -> int:
    """Import what app.py imports, make one scenario's answer, curve, texts and link the way the first
    visitor would (the modules and tables loaded on first use), then freeze; returns how many objects were
    frozen."""
    from simulator import simulate, sweep
    from simulator.i18n import translator
    from ui import share, state
    from ui.page import answer, editors, folds, results_view  # noqa: F401  (app.py's modules, loaded now)
    from ui.pdf import resident  # noqa: F401
    from ui.workbench import view  # noqa: F401

    scenario = state.default_scenario()
    law = simulate(scenario, reform={})
    sweep(scenario, over="hours")
    t = translator("en")   # another language's catalogue is loaded when first asked for (~1.7 MB each)
    answer.answer_html(law, None, t, t("period.month"), scenario)
    share.to_query_string(scenario)
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
