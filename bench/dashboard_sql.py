"""The dashboard benchmark's baseline (benchmark_bench.py): the bare SQL that fetches the figures
each kind of page shows, sent to PostgreSQL from as many clients at once as the pages are."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

# The bare SQL for each kind of page: the figures it shows (from approved versions) with the
# population each rate divides by, for the network's LAs. No Python work beyond fetching rows.
BARE_SQL = """
SELECT la.old_code, r.period, f.measure, f.category, f.value, p.age_5_to_16
FROM returns_return r
JOIN places_network_local_authorities m ON m.localauthority_id = r.local_authority_id AND m.network_id = %(network)s
JOIN places_localauthority la ON la.id = r.local_authority_id
JOIN returns_returnfigure f ON f.version_id = r.approved_version_id
LEFT JOIN places_populationestimate p
       ON p.local_authority_id = r.local_authority_id AND p.mid_year = CAST(SUBSTRING(r.period, 1, 4) AS INTEGER) - 1
WHERE r.period = ANY(%(periods)s) AND f.measure = ANY(%(measures)s) AND (f.category = '' OR %(categories)s)
"""


def bare_sql_params(kind: str, periods: list[str]) -> dict:
    """What each kind of page fetches: its terms, measures and whether breakdowns."""
    headline = ["ehe_total", "cme_total", "s19_total", "sao_served", "ehe_returns_to_school"]
    term, before, last_year = periods[-1], periods[-2], periods[-4]
    return {
        "overview": {"periods": [term, before, last_year], "measures": headline, "categories": False},
        "measure": {"periods": [term], "measures": ["ehe_total", "ehe_by_sex"], "categories": True},
        "trend": {"periods": periods, "measures": ["ehe_total"], "categories": False},
        "profile": {"periods": [term, before, last_year], "measures": None, "categories": False},
        "csv": {"periods": [term], "measures": ["ehe_total"], "categories": False},
    }[kind]


def bare_sql(database: str, network_id: int, params: dict, count: int, clients: int) -> list[float]:
    """`count` runs of the bare SQL from `clients` connections at once (after as many again to warm
    up, not counted); seconds each."""
    import psycopg

    local = threading.local()
    connections, lock, times = [], threading.Lock(), []
    query = BARE_SQL if params["measures"] is not None else BARE_SQL.replace("f.measure = ANY(%(measures)s)", "TRUE")

    def one(_index: int) -> None:
        if not hasattr(local, "connection"):
            local.connection = psycopg.connect(database, autocommit=True)
            with lock:
                connections.append(local.connection)
        started = time.perf_counter()
        rows = local.connection.execute(query, {**params, "network": network_id}).fetchall()
        seconds = time.perf_counter() - started
        assert rows, "the bare SQL found no figures"
        with lock:
            times.append(seconds)

    try:
        with ThreadPoolExecutor(max_workers=clients) as pool:
            list(pool.map(one, range(2 * clients)))
            times.clear()
            list(pool.map(one, range(count)))
    finally:
        for connection in connections:
            connection.close()
    return times


def network_ids(database: str) -> dict[str, int]:
    import psycopg

    with psycopg.connect(database) as connection:
        return dict(connection.execute("SELECT slug, id FROM places_network").fetchall())
