"""The Streamlit page's pure parts, grouped as the page is: `app.py` only wires them.

- `page/`: the counsellor's page — the answer cards, the option editors, the results with their charts.
- `pdf/`: the take-home PDFs — the resident's (with its Danish page for staff) and the workbench's.
- `workbench/`: policy staff's caseload workbench — upload, reform editor, impact, frontier, exports.
- `host/`: serving it — the production start, the server's guard, the public address of share links.
- Beside them, what all of them read: `state` (inputs ⇄ scenario), `share` (links), `notes` (what could not
  be read), `text`, `sentences` and `reform_text` (words for the household, the options and a reform).
"""
