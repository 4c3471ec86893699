"""One get-or-compute over a cache that several threads of a worker share (cachetools caches are
not thread-safe): the lock is held for the lookup and the store, never while computing, so a slow
computation blocks no other request; two requests missing at once both compute, and the second
store wins with an equal value."""


def kept_in(cache, lock, key, compute):
    """cache[key], computing and storing compute() when it is missing (None counts as missing)."""
    with lock:
        found = cache.get(key)
    if found is None:
        found = compute()
        with lock:
            cache[key] = found
    return found
