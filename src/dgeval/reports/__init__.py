"""Reports: every HTML, PDF and XLSX output of dgeval (see docs/reports.md).

`model` holds the plain, frozen inputs (a national report, a target report); `html`, `pdf` and `workbooks` render
them; `xlsx` is the one spreadsheet helper every export uses (it neutralises formula injection). No Django here:
the platform builds the inputs from its published snapshot and calls these renderers, as the CLI does.
"""
