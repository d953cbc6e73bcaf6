"""The scripts the dashboard benchmark runs in the service's own Python (benchmark_bench.py):
building the national dataset, counting queries, making sessions."""

SETUP = r"""
import json, os, sys
import django
django.setup()
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.management import call_command
from importlib import import_module
from notinschool.accounts import demo as accounts_demo
from notinschool.benchmark.demo import load as load_population
from notinschool.benchmark.tests.factories import open_collection, store_returns
from notinschool.places import demo as places_demo
from notinschool.places.models import LocalAuthority
from notinschool.places.services import network_create
from notinschool.accounts.models import User
from notinschool.periods.specs import all_periods

call_command("migrate", "--no-input", verbosity=0)
places_demo.load(); accounts_demo.load(); load_population()
# DfE's figures, as a deployment has them: the trend and profile pages show them beside the network's.
from notinschool.published import demo as published_demo
published_demo.load()
las = list(LocalAuthority.objects.filter(status="current"))
national = network_create(slug="national", name="All English LAs", la_codes=[la.old_code for la in las], description="")
# The pages measured show Kent, Surrey and Hampshire (and the reader is from Surrey): in every network.
las.sort(key=lambda la: (la.old_code not in {"886", "936", "850"}, la.old_code))
for size in (19, 76):  # smaller networks of the same LAs, to show how pages grow
    network_create(slug=f"las-{size}", name=f"{size} LAs", la_codes=[la.old_code for la in las[:size]], description="")
periods = [p for p in all_periods() if p <= sys.argv[1]][-12:]
from notinschool.places.models import Network
for period in periods:
    for network in Network.objects.filter(slug__in=["national", "south-east", "las-19", "las-76"]):
        open_collection(network, period)
figures = store_returns(periods=periods, local_authorities=las)
# Statistics for the planner, as autovacuum gathers them within a minute of such a load in a
# deployment. ANALYZE needs the tables' owner: as the application role it skips every table with
# a warning, which is how every run before 2026-12-04 20:10 measured, without them.
from django.db import connection
from notinschool.core.dbrole import owner_session
if connection.vendor == "postgresql":
    with owner_session(), connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = 'returns_returnfigure'")
        assert cursor.fetchone()[0], "ANALYZE gathered no statistics"
user = User.objects.get(email="viewer@surrey.example")
# Through the configured store, as signing in does (it keeps the session in the cache too).
session = import_module(settings.SESSION_ENGINE).SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "notinschool.accounts.backends.AccountBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(json.dumps({"las": len(las), "periods": periods, "figures": figures, "session": session.session_key}))
"""

# Queries of a miss, of a cached page seen again and of one new to the session (in one process,
# through Django's test client), and a static copy of each page for the server to serve as the
# baseline of a cached page.
QUERIES = r"""
import json, os, sys, time, uuid
import django
django.setup()
from django.conf import settings
from django.db import connection
from django.test import Client
from notinschool.accounts.models import User
from notinschool.accounts.middleware import LAST_SEEN_AT, SIGNED_IN_AT
found = {}


def reader():
    # A session of the reader whose sign-in and last use are written, as after its first page.
    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(email="viewer@surrey.example"))
    session = client.session
    session[SIGNED_IN_AT] = session[LAST_SEEN_AT] = time.time()
    session.save()
    client.cookies[settings.CSRF_COOKIE_NAME] = uuid.uuid4().hex  # as a browser has after its first page
    return client


def counted(client, path):
    # The response and the number of queries it made (Django clears its own log per request).
    made = []

    def count(execute, sql, params, many, context):
        made.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response, len(made)


client = reader()
for name, path in json.loads(sys.argv[1]).items():
    page, miss = counted(client, path)
    _, hit = counted(client, path)  # seen again in the session (ADR 0615)
    # A session that has not seen the page, which the page cache holds: the ordinary way.
    _, first_view = counted(reader(), path)
    found[name] = {"miss": miss, "first_view": first_view, "hit": hit, "bytes": len(page.content)}
static = settings.STATIC_ROOT / "bench"
static.mkdir(parents=True, exist_ok=True)
for name, path in json.loads(sys.argv[1]).items():
    (static / f"{name}.html").write_bytes(client.get(path).content)
print(json.dumps(found))
"""

# Sessions of the same reader, each as if just used: a page cached by anyone but new to the session.
SESSIONS = r"""
import sys, time
import django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from importlib import import_module
from django.conf import settings
from notinschool.accounts.middleware import LAST_SEEN_AT, SIGNED_IN_AT
from notinschool.accounts.models import User
user = User.objects.get(email="viewer@surrey.example")
SessionStore = import_module(settings.SESSION_ENGINE).SessionStore  # as signing in does
for _ in range(int(sys.argv[1])):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "notinschool.accounts.backends.AccountBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[SIGNED_IN_AT] = session[LAST_SEEN_AT] = time.time()
    session.create()
    print(session.session_key)
"""
