"""The shared cache in Redis: Django's own backend, keeping one client object per connection pool."""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class _KeptClient(RedisCacheClient):
    """Django's Redis client makes a new ``redis.Redis`` for every cache call, and each builds its
    table of reply handlers again: about 60 microseconds, half of a read's round trip over
    loopback, and a page seen again is answered in about a millisecond (ADR 0617). A
    ``redis.Redis`` may be shared by threads (each command takes a connection from the pool), so
    one is kept for each pool."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        """The client of the pool Django would choose for this call."""
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class SharedRedisCache(RedisCache):
    """Django's ``RedisCache`` with the kept client: configured and behaving the same."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _KeptClient
