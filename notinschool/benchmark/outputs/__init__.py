"""What each page shows and sends: its tables (typed rows), chart specifications, one-sentence
summaries, downloads (CSV, XLSX, SVG, PNG) and the meeting pack. Built once from a page's numbers
and shared by the page, its downloads and the pack.
"""
