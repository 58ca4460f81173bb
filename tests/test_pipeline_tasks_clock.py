"""When the clock starts a task (`pipeline.tasks.due`, `next_start`, `watch.clock.TaskClock`):
daily at a time, on given weekdays, weekly, and on the job's own calendar."""

from __future__ import annotations

from datetime import date, datetime, time
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from backoffice_auto.jobspec import JobSpec, ScheduledTask
from backoffice_auto.pipeline.tasks import describe_schedule, due, next_start
from backoffice_auto.watch.clock import TaskClock

PRAGUE = ZoneInfo("Europe/Prague")
MONDAY = date(2026, 11, 30)


def _nothing(ctx):
    return None


def spec(*tasks: ScheduledTask) -> list[JobSpec]:
    return [JobSpec(name="clockwork", package="tests.clockwork", scheduled=tasks)]


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=PRAGUE)


DAILY = ScheduledTask("daily", _nothing, at=time(6, 30))
WEEKDAYS = ScheduledTask("weekdays", _nothing, at=time(8, 0), weekdays=(0, 1, 2, 3, 4))
WEEKLY = ScheduledTask("weekly", _nothing, weekdays=(4,))  # Fridays, from midnight
EVEN = ScheduledTask("even-days", _nothing, at=time(9, 0), runs_on=lambda day, rules: day.day % 2 == 0)
SPECS = spec(DAILY, WEEKDAYS, WEEKLY, EVEN)
RULES = SimpleNamespace(hash="r1", watch=SimpleNamespace(tasks=["daily", "weekdays", "weekly", "even-days"]))


def names(now: datetime, rules=RULES, enabled=None) -> list[str]:
    return [name for name, day in due(SPECS, now, rules, enabled) if day == now.date()]


def test_each_kind_of_schedule_is_due_on_its_days_from_its_time():
    assert names(at(MONDAY, 6, 29)) == []
    assert names(at(MONDAY, 6, 30)) == ["daily"]
    assert names(at(MONDAY, 9, 0)) == ["daily", "weekdays", "even-days"]  # the 30th: even
    assert names(at(date(2026, 12, 1), 9, 0)) == ["daily", "weekdays"]  # the 1st: odd
    assert names(at(date(2026, 12, 4), 0, 0)) == ["weekly"]  # Friday 4th, before the others' times
    assert names(at(date(2026, 12, 4), 9, 0)) == ["daily", "weekdays", "weekly", "even-days"]
    assert names(at(date(2026, 12, 5), 23, 59)) == ["daily"]  # Saturday 5th: odd, no weekday task


def test_only_the_enabled_tasks_and_the_calendar_only_with_rules():
    assert names(at(date(2026, 12, 4), 9, 0), enabled=["weekly"]) == ["weekly"]
    assert names(at(date(2026, 12, 4), 9, 0), enabled=[]) == []
    assert "even-days" in names(at(date(2026, 12, 3), 9, 0), rules=None)  # no rules: the calendar is not asked


def test_next_start_is_today_until_done_then_the_next_day_that_qualifies():
    assert next_start(EVEN, at(date(2026, 12, 2), 10, 0), RULES) == at(date(2026, 12, 2), 9, 0)  # due now
    assert next_start(EVEN, at(date(2026, 12, 2), 10, 0), RULES, done_today=True) == at(date(2026, 12, 4), 9, 0)
    assert next_start(WEEKLY, at(date(2026, 12, 4), 10, 0), RULES, done_today=True) == at(date(2026, 12, 11), 0, 0)
    never = ScheduledTask("never", _nothing, runs_on=lambda day, rules: False)
    assert next_start(never, at(MONDAY, 0, 0), RULES) is None
    assert describe_schedule(WEEKDAYS) == "monday, tuesday, wednesday, thursday, friday from 08:00"
    assert describe_schedule(EVEN) == "on the job's own days from 09:00"
    assert describe_schedule(WEEKLY) == "friday"


def test_the_daemons_clock_starts_each_task_once_a_day_and_asks_the_calendar_once_a_day():
    asked = []
    counted = ScheduledTask("counted", _nothing, at=time(7, 0), runs_on=lambda day, rules: asked.append(day) or True)
    specs = spec(counted)
    rules = SimpleNamespace(hash="r1", watch=SimpleNamespace(tasks=["counted"]))
    clock = TaskClock()
    assert clock.due_now(specs, rules, at(MONDAY, 6, 59)) == []
    assert clock.due_now(specs, rules, at(MONDAY, 7, 0)) == [("counted", MONDAY)]
    clock.started.add(("counted", MONDAY))
    assert clock.due_now(specs, rules, at(MONDAY, 7, 1)) == []
    assert asked == [MONDAY]  # once for the day, not at every look
    tuesday = date(2026, 12, 1)
    assert clock.due_now(specs, rules, at(tuesday, 7, 0)) == [("counted", tuesday)]
    off = SimpleNamespace(hash="r2", watch=SimpleNamespace(tasks=[]))
    assert clock.due_now(specs, off, at(tuesday, 8, 0)) == []  # turned off in watch.yaml: applies at once


def test_watch_yaml_names_only_known_tasks_with_a_did_you_mean(workspace):
    from backoffice_auto.rules.loader import load_rules

    (workspace.rules_dir / "watch.yaml").write_text("tasks:\n  - payables-rnu\n", encoding="utf-8")
    problems = [p.render() for p in load_rules(workspace.rules_dir).problems]
    assert len(problems) == 1 and problems[0].startswith("rules/watch.yaml:2:")
    assert "'payables-rnu' is not a scheduled task (known: payables-run)" in problems[0]
    assert "did you mean 'payables-run'?" in problems[0]
    (workspace.rules_dir / "watch.yaml").write_text("tasks: [payables-run]\n", encoding="utf-8")
    assert load_rules(workspace.rules_dir).rules.watch.tasks == ["payables-run"]
