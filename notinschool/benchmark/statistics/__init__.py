"""The dashboard's statistics, pure Python (no Django, no database): figures and symbols, rates,
intervals and significance, how LAs are ranked, changes and trends, the measure table that puts
them together, funnel limits, and rounding and suppression for figures that leave the network.
"""
