"""The collector pause of bulk steps: on again afterwards, nested pauses, errors, and the
state it found kept (a caller that had turned the collector off keeps it off)."""

import gc

import pytest

from backoffice_auto.gcpause import collector_paused


@pytest.fixture(autouse=True)
def _restore_collector():
    was = gc.isenabled()
    yield
    (gc.enable if was else gc.disable)()


def test_paused_inside_and_on_again_after():
    gc.enable()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # only the outermost pause turns it back on
    assert gc.isenabled()


def test_on_again_after_an_error():
    gc.enable()
    with pytest.raises(ValueError):
        with collector_paused():
            raise ValueError("boom")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    with collector_paused():
        pass
    assert not gc.isenabled()


def test_cycles_made_during_a_pause_are_collected_after_it():
    import weakref

    class Node:
        pass

    gc.enable()
    with collector_paused():
        a, b = Node(), Node()
        a.other, b.other = b, a
        ref = weakref.ref(a)
        del a, b
    gc.collect()
    assert ref() is None


def test_what_a_pause_made_goes_to_the_oldest_generation_unwalked():
    gc.enable()
    gc.collect()
    with collector_paused():
        kept = [[i] for i in range(5000)]  # 5,001 tracked containers made in the pause
    assert gc.get_count()[0] < 100  # no young collection is owed for them
    assert any(o is kept for o in gc.get_objects(generation=2))
    assert gc.get_freeze_count() == 0


def test_objects_the_program_froze_stay_frozen():
    gc.enable()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with collector_paused():
            kept = [[i] for i in range(100)]
        assert gc.get_freeze_count() == frozen
        assert len(kept) == 100
    finally:
        gc.unfreeze()
