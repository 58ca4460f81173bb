"""payables: open bills get pay dates, pay dates become payment runs, runs are approved
by the right person and turned into bank files (DESIGN.md job 3, issue 10).

Pure parts: `discounts` (terms ladders), `calendar` (run days and bank holidays),
`schedule` (a pay date per bill), `run` (a proposal under holds, priority and a cash
limit). Edges: `handler` (run requests and approval workbooks), `workbook`, `outputs`.
"""
