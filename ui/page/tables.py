"""A table of the page as plain HTML: the waterfall's and the curve's table alternatives, what changes if an
assumption goes the other way, every number. Its text is already in the page's language and number style
(ui/page/charts.py makes the frames); here each cell is made safe and set in a table that wraps to the page's
width and follows its direction.

Plain HTML rather than Streamlit's table, which loads 0.8 MB of JavaScript (its Arrow formatting and date
library) on a page's first visit only to show text that is already formatted (issue 20). Pure: a frame in,
escaped HTML out.
"""
from __future__ import annotations

import pandas as pd

from ui.page.prose import text

# Each cell takes the direction of its own first letter (a name from a link, a number, a sentence), as a
# right-to-left page needs; the first column names its row.
TABLE_CSS = """<style>
.kfk-table {border-collapse: collapse; width: 100%; font-size: .9rem; margin: .25rem 0 1rem 0;}
.kfk-table th, .kfk-table td {border: 1px solid #d5dae0; padding: .35rem .6rem; vertical-align: top;
  unicode-bidi: plaintext; white-space: normal; overflow-wrap: normal;}
.kfk-table thead th {font-weight: 600; color: #3d4449; background: #f6f7f9; text-align: start;}
.kfk-table tbody th {font-weight: 400; text-align: start;}
.kfk-table td {text-align: end; white-space: nowrap;}
</style>"""


def table_html(frame: pd.DataFrame) -> str:
    """`frame` as an HTML table: a header row, and per row its first column as the row's heading. Each cell's
    text on one line and escaped (prose.text): whatever a name from a link or a file holds, it stays text."""
    head = "".join(f'<th scope="col">{text(c)}</th>' for c in frame.columns)
    rows = "".join(f'<tr><th scope="row">{text(row[0])}</th>' + "".join(f"<td>{text(v)}</td>" for v in row[1:])
                   + "</tr>" for row in frame.itertuples(index=False, name=None))
    return f'{TABLE_CSS}<table class="kfk-table"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
