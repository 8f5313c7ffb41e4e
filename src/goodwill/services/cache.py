"""Answers of reads kept while the database has not changed, for a long-running server.

Every write transaction counts itself in the database (`SettingsRepository.generation`),
CLI processes included, so an answer is reused only while the count it was made at is
still the count: one indexed read instead of recomputing the plan on every page view.

A typed result (`Shape`) is kept and handed out as it is: it is frozen and holds tuples
and read-only mappings, so no caller can change what the next one sees. Anything else is
copied on the way in and on the way out.
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from goodwill.services.views import Shape

T = TypeVar("T")

#: Answers kept per context (per owner on a team server): a few days' plans and sizes.
ENTRIES_KEPT = 32


class ReadCache:
    def __init__(self, size: int = ENTRIES_KEPT) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, tuple[int, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_make(self, key: Hashable, generation: int, make: Callable[[], T]) -> T:
        """The answer for `key` made at `generation`, else a new one."""
        with self._lock:
            found = self._entries.get(key)
            if found is not None and found[0] == generation:
                self._entries.move_to_end(key)
                kept: T = _unshared(found[1])
                return kept
        answer = make()
        with self._lock:
            self._entries[key] = (generation, _unshared(answer))
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return answer


def _unshared(answer: T) -> T:
    """The answer itself when nothing can change it, else a copy of it."""
    return answer if isinstance(answer, Shape) else copy.deepcopy(answer)
