"""The endpoint memory, the shared model-time budget and the per-session gate, with a controlled clock."""

from __future__ import annotations

import pytest

from assistant.answer.health import Budget, EndpointHealth
from assistant.errors import BusyError
from assistant.webui.sessions import SessionGate


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_failed_endpoint_waits_out_the_cool_down_and_a_success_clears_it() -> None:
    clock = Clock()
    health = EndpointHealth(cooldown=60.0, clock=clock)
    assert health.available("a")
    health.failed("a")
    assert not health.available("a") and health.available("b")  # endpoints are remembered separately
    clock.now += 59.0
    assert not health.available("a") and health.retry_in("a") == pytest.approx(1.0)
    clock.now += 1.0
    assert health.available("a")
    health.failed("a")
    health.succeeded("a")
    assert health.available("a") and health.retry_in("a") == 0.0


def test_budget_starts_at_the_first_model_call_and_is_shared() -> None:
    clock = Clock()
    budget = Budget(10.0, clock=clock)
    clock.now += 30.0  # searching before the model is asked does not count
    assert budget.remaining() == 10.0
    clock.now += 7.0  # the rewrite took 7 s
    assert budget.remaining() == pytest.approx(3.0)
    clock.now += 5.0
    assert budget.remaining() == 0.0


def test_gate_allows_the_limit_per_session_and_frees_the_slot_afterwards() -> None:
    gate = SessionGate(limit=2)
    with gate.enter("s"), gate.enter("s"):
        with pytest.raises(BusyError):
            with gate.enter("s"):
                pass
        with gate.enter("other"):
            assert gate.busy("other") == 1
    assert gate.busy("s") == 0
    with pytest.raises(RuntimeError):
        with gate.enter("s"):
            raise RuntimeError("the answer failed")
    assert gate.busy("s") == 0  # a failure frees the slot too
    with gate.enter(None), gate.enter(None), gate.enter(None):
        pass  # direct calls without a session are not limited
