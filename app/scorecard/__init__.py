"""Accountability scorecards: derived figures that show their work.

Figures are declared once (figures.py) and computed with exact arithmetic
(quantity.py) over units that are checked (units.py), from facts loaded with a
fixed number of queries (facts.py). sql.py gives the rankable figures as SQL.
"""
