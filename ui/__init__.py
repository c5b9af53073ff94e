"""The Streamlit page's pure parts: inputs ⇄ scenario, share links, charts, tables, PDF, translations."""
