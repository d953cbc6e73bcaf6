"""What the dashboard reads, through other apps' front doors (their selectors), as typed records:
which measures a period shows, its population denominators, DfE's published figures, and the
network's figures that count for a term and the terms it is compared with. Nothing here reads
another app's models or tables.
"""
