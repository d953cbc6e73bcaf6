"""Each dashboard page's numbers, assembled from `data` by the `statistics` builders: the reader's
choices from the URL (`selection`), then one module per page. Nothing here formats for display.
"""
