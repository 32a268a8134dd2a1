"""`cxreport.once.OncePerKey`: one computation per key at a time, also after a failure."""

from __future__ import annotations

import threading
import time

from cxreport.once import OncePerKey


def test_after_a_failure_the_next_computation_is_still_alone():
    """A fails while B waits; B computes; C, arriving while B computes, waits for B rather
    than computing beside it (the old lock was dropped with A's failure, so C made a new one)."""
    once = OncePerKey()
    inside: list[str] = []
    most_at_once = [0]
    a_in, b_waiting, b_in, release_b = threading.Event(), threading.Event(), threading.Event(), threading.Event()

    def compute(name: str, fail: bool = False, hold: threading.Event | None = None) -> None:
        try:
            with once.computing("key"):
                inside.append(name)
                most_at_once[0] = max(most_at_once[0], len(inside))
                if name == "a":
                    a_in.set()
                    b_waiting.wait(5)
                if name == "b":
                    b_in.set()
                if hold is not None:
                    hold.wait(5)
                inside.remove(name)
                if fail:
                    raise RuntimeError("the computation failed")
        except RuntimeError:
            pass

    a = threading.Thread(target=compute, args=("a", True))
    a.start()
    a_in.wait(5)
    b = threading.Thread(target=compute, args=("b",), kwargs={"hold": release_b})
    b.start()
    time.sleep(0.3)  # B reaches the lock and waits for A (it has nothing else to do)
    b_waiting.set()
    b_in.wait(5)
    c = threading.Thread(target=compute, args=("c",))
    c.start()
    c.join(0.3)
    assert c.is_alive(), "C computed while B was computing"
    release_b.set()
    for t in (a, b, c):
        t.join(5)
    assert most_at_once[0] == 1 and len(once) == 0
