"""The take-home PDFs: the resident's (resident.py, with a Danish page for staff) and the workbench's
(caseload.py), on one document model (document.py) with shaped text and embedded fonts (fonts/)."""
