"""Matching bank payments to open sales invoices, approved bills and payroll runs.

Split by purpose: `records` (the plain inputs and results), `refs` (references found in
remittance text), `candidates` (bulk candidate generation: keys joined in columns),
`decide` (pure scoring and the fixed safety rules), `subset` (the bounded exact-subset
search), `bulk` (the payments that cannot interact decided in columns), `engine` (one run
over a statement), `outgoing` (debits to bills and payroll).
"""
