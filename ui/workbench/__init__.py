"""The caseload workbench for policy staff: upload, reform editor, impact and frontier views, exports.
`view.render` draws it; the other modules are its pure parts."""
