"""Entering what was read as bills: checks, purchase-order matching, review, the handlers."""
