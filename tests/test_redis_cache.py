"""The shared cache's Redis backend keeps one client per connection pool and otherwise behaves as
Django's own (ADR 0617)."""

import threading
import uuid

from notinschool.core.redis_cache import SharedRedisCache
from tests.test_shared_cache import REDIS_URL, redis_client


def test_one_client_is_kept_and_the_cache_behaves_as_djangos():
    redis = redis_client()  # skips, or fails in CI, when Redis is not there
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    cache = SharedRedisCache(REDIS_URL, {"KEY_PREFIX": prefix, "TIMEOUT": 60})
    try:
        assert cache._cache.get_client() is cache._cache.get_client(write=True)
        cache.set("page", {"html": b"\x00bytes"})
        assert cache.add("page", "other") is False and cache.add("new", 1) is True
        assert cache.get_many(["page", "new", "absent"]) == {"page": {"html": b"\x00bytes"}, "new": 1}
        seen, errors = [], []

        def read() -> None:
            try:
                seen.append(cache.get("page"))
            except Exception as exc:  # any failure in a thread is the test's failure
                errors.append(exc)

        threads = [threading.Thread(target=read) for _ in range(16)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not errors and seen == [{"html": b"\x00bytes"}] * 16
        cache.delete_many(["page", "new"])
        assert cache.get("page") is None
    finally:
        for key in redis.scan_iter(f"{prefix}:*"):
            redis.delete(key)
