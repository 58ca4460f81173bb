"""The hours engine's rules one at a time (`payroll/hours.py`), on UTC shifts worked out by hand.

`test_payroll_hours.py` covers daylight saving, rounding and whole payslips, and the
reference model compares random timesheets; these small cases pin each rule on its own:
the workweek start, shifts split at midnight with their break, the automatic break, premium
seconds with the break taken off unpremium time first, the daily split, weekly overtime
with what an earlier run carried, the seventh consecutive day, bonuses and the carry.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest

from backoffice_auto.payroll.hours import (
    _split_day, apply_auto_break, carry_after, compute_weeks, premium_seconds, split_at_midnight, week_start,
)
from backoffice_auto.payroll.model import HOUR, Shift, WeekCarry
from backoffice_auto.payroll.rules_model import NightPremium, RuleSet

UTC = ZoneInfo("UTC")
MON = date(2026, 11, 2)
NEVER = lambda day: False  # noqa: E731


def at(day: date, hhmm: str) -> datetime:
    h, m = map(int, hhmm.split(":"))
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc) + timedelta(hours=h, minutes=m)


def punch(day: date, start: str, end: str, brk: int = 0, **kw) -> Shift:
    lo, hi = at(day, start), at(day, end)
    if hi <= lo:
        hi += timedelta(days=1)
    return Shift("E1", day, start=lo, end=hi, break_minutes=brk, **kw)


def daily(day: date, hours: float, **kw) -> Shift:
    return Shift("E1", day, seconds=int(hours * HOUR), **kw)


def h(seconds: int) -> float:
    return seconds / HOUR


def per_day(weeks) -> list[tuple]:
    return [(d.day, h(d.get("regular")), h(d.get("overtime")), h(d.get("double_time"))) for w in weeks for d in w.days]


# --- workweeks ----------------------------------------------------------------------------


@pytest.mark.parametrize("day, start, expected", [
    (date(2026, 11, 4), 0, date(2026, 11, 2)), (date(2026, 11, 2), 0, date(2026, 11, 2)),
    (date(2026, 11, 8), 0, date(2026, 11, 2)), (date(2026, 11, 4), 6, date(2026, 11, 1)),
    (date(2026, 11, 3), 2, date(2026, 10, 28)), (date(2026, 11, 4), 2, date(2026, 11, 4)),
])
def test_week_start(day, start, expected):
    assert week_start(day, start) == expected


# --- shifts over midnight -------------------------------------------------------------------


def test_a_split_shift_keeps_its_break_on_the_first_piece_while_it_fits():
    pieces = split_at_midnight(punch(MON, "20:00", "04:00", brk=60), UTC)
    assert [(p.day, p.start, p.end, p.break_minutes) for p in pieces] == [
        (MON, at(MON, "20:00"), at(MON, "24:00"), 60), (MON + timedelta(days=1), at(MON, "24:00"), at(MON, "28:00"), 0)]


def test_a_break_longer_than_the_first_piece_continues_on_the_next():
    pieces = split_at_midnight(punch(MON, "23:30", "04:00", brk=60), UTC)
    assert [p.break_minutes for p in pieces] == [30, 30]
    # over three days: 5 minutes, 24 hours, 5 minutes; 120 minutes of break fill the first two
    long = Shift("E1", MON, start=at(MON, "23:55"), end=at(MON, "48:05"), break_minutes=120)
    assert [(p.day, p.break_minutes) for p in split_at_midnight(long, UTC)] == [
        (MON, 5), (MON + timedelta(days=1), 115), (MON + timedelta(days=2), 0)]


def test_daily_rows_and_empty_shifts_are_not_split():
    row = daily(MON, 8)
    assert split_at_midnight(row, UTC) == [row]
    empty = Shift("E1", MON, start=at(MON, "08:00"), end=at(MON, "08:00"), break_minutes=5)
    assert split_at_midnight(empty, UTC) == [empty]


def test_compute_weeks_splits_at_midnight_only_when_asked():
    shift = punch(MON, "20:00", "04:00")
    assert per_day(compute_weeks([shift], RuleSet(), UTC, NEVER, D(10))) == [(MON, 8, 0, 0)]
    assert per_day(compute_weeks([shift], RuleSet(), UTC, NEVER, D(10), midnight="split")) == [
        (MON, 4, 0, 0), (MON + timedelta(days=1), 4, 0, 0)]


# --- the automatic break --------------------------------------------------------------------

AUTO = RuleSet(auto_break={"after_hours": 6, "minutes": 30})


def test_no_automatic_break_without_the_rule_or_up_to_the_limit():
    shifts = [punch(MON, "08:00", "16:00")]
    assert apply_auto_break(shifts, RuleSet()) == shifts
    exactly = [punch(MON, "08:00", "14:00")]
    assert apply_auto_break(exactly, AUTO) == exactly
    assert [s.break_minutes for s in apply_auto_break([punch(MON, "08:00", "14:01")], AUTO)] == [30]
    rows = [daily(MON, 10)]
    assert apply_auto_break(rows, AUTO) == rows  # daily-hours rows are net


def test_the_missing_break_comes_off_the_last_shifts_with_room():
    # 6 h + 10 min worked with a 10 minute gap: 20 minutes missing, the last shift has 10
    shifts = [punch(MON, "14:10", "14:20"), punch(MON, "08:00", "14:00")]
    assert [s.break_minutes for s in apply_auto_break(shifts, AUTO)] == [10, 10]


def test_the_missing_break_is_taken_in_whole_minutes_rounded_up():
    shifts = [punch(MON, "08:00", "12:00"), Shift("E1", MON, start=at(MON, "12:00") + timedelta(seconds=30),
                                                  end=at(MON, "15:00"))]
    assert [s.break_minutes for s in apply_auto_break(shifts, AUTO)] == [0, 30]  # 29.5 minutes missing


def test_recorded_breaks_and_gaps_count_and_each_day_stands_alone():
    shifts = [punch(MON, "08:00", "15:00", brk=20), punch(MON + timedelta(days=1), "08:00", "15:00"),
              punch(MON + timedelta(days=2), "08:00", "11:00"), punch(MON + timedelta(days=2), "11:45", "16:00")]
    assert [s.break_minutes for s in apply_auto_break(shifts, AUTO)] == [30, 30, 0, 0]


# --- premium seconds ------------------------------------------------------------------------

PREMIUMS = RuleSet(night=NightPremium(percent=D(25)), sunday_percent=D(50), holiday_percent=D(100))
SAT, SUN = date(2026, 11, 7), date(2026, 11, 8)


def test_daily_rows_earn_sunday_and_holiday_premiums_on_their_day():
    assert premium_seconds(daily(SUN, 5), PREMIUMS, UTC, NEVER) == {"sunday": 5 * HOUR}
    assert premium_seconds(daily(SAT, 5), PREMIUMS, UTC, lambda d: d == SAT) == {"holiday": 5 * HOUR}
    assert premium_seconds(daily(SUN, 5), RuleSet(), UTC, lambda d: True) == {}
    assert premium_seconds(daily(SAT, 5), PREMIUMS, UTC, NEVER) == {}


def test_punched_premiums_by_the_clock():
    found = premium_seconds(punch(SAT, "20:00", "04:00"), PREMIUMS, UTC, lambda d: d == SAT)
    assert found == {"night": 6 * HOUR, "sunday": 4 * HOUR, "holiday": 4 * HOUR}
    assert premium_seconds(punch(SAT, "20:00", "04:00"), RuleSet(holiday_percent=D(1)), UTC, NEVER) == {}
    assert premium_seconds(punch(SAT, "20:00", "04:00"), RuleSet(sunday_percent=D(1)), UTC, NEVER) == {
        "sunday": 4 * HOUR}


def test_the_break_comes_off_unpremium_time_first():
    night = RuleSet(night=NightPremium(percent=D(25)))
    assert premium_seconds(punch(MON, "20:00", "04:00", brk=120), night, UTC, NEVER) == {"night": 6 * HOUR}
    assert premium_seconds(punch(MON, "20:00", "04:00", brk=150), night, UTC, NEVER) == {"night": 5.5 * HOUR}
    assert premium_seconds(punch(MON, "22:00", "23:00", brk=60), night, UTC, NEVER) == {}
    assert premium_seconds(punch(MON, "22:00", "23:00", brk=59), night, UTC, NEVER) == {"night": 60}


# --- the daily split ------------------------------------------------------------------------


@pytest.mark.parametrize("worked, rules, seventh, expected", [
    (13, RuleSet(daily_overtime_after=D(8), daily_double_time_after=D(12)), False, (8, 4, 1)),
    (12, RuleSet(daily_overtime_after=D(8), daily_double_time_after=D(12)), False, (8, 4, 0)),
    (8, RuleSet(daily_overtime_after=D(8), daily_double_time_after=D(12)), False, (8, 0, 0)),
    (10, RuleSet(daily_overtime_after=D(8)), False, (8, 2, 0)),
    (13, RuleSet(daily_double_time_after=D(12)), False, (12, 0, 1)),
    (13, RuleSet(), False, (13, 0, 0)),
    (10, RuleSet(), True, (0, 8, 2)),
    (6, RuleSet(), True, (0, 6, 0)),
    (10, RuleSet(seventh_day_double_after=D("7.5")), True, (0, 7.5, 2.5)),
    (9, RuleSet(daily_overtime_after=D("7.5")), False, (7.5, 1.5, 0)),
])
def test_a_days_split(worked, rules, seventh, expected):
    assert tuple(h(s) for s in _split_day(int(worked * HOUR), rules, seventh)) == expected


# --- weeks ----------------------------------------------------------------------------------


def test_weekly_overtime_in_day_order_after_what_an_earlier_run_counted():
    rules = RuleSet(weekly_overtime_after=D(40), daily_overtime_after=D(8))
    days = [daily(MON + timedelta(days=i), 10) for i in range(5)]
    weeks = compute_weeks(days, rules, UTC, NEVER, D(10))
    assert per_day(weeks) == [(MON + timedelta(days=i), 8, 2, 0) for i in range(5)]
    carried = compute_weeks(days[3:], rules, UTC, NEVER, D(10), carry={MON: WeekCarry(35 * HOUR, frozenset())})
    assert per_day(carried) == [(MON + timedelta(days=3), 5, 5, 0), (MON + timedelta(days=4), 0, 10, 0)]
    assert compute_weeks([days[0]], rules, UTC, NEVER, D(10), carry={MON: WeekCarry(41 * HOUR)})[0].total(
        "overtime") == 10 * HOUR


def test_the_seventh_consecutive_day_of_the_workweek():
    rules = RuleSet(seventh_day=True)
    week = [daily(MON + timedelta(days=i), 10) for i in range(7)]
    assert per_day(compute_weeks(week, rules, UTC, NEVER, D(10)))[-1] == (MON + timedelta(days=6), 0, 8, 2)
    assert per_day(compute_weeks(week, RuleSet(), UTC, NEVER, D(10)))[-1] == (MON + timedelta(days=6), 10, 0, 0)
    gap = week[:3] + [daily(MON + timedelta(days=3), 0)] + week[4:]
    assert per_day(compute_weeks(gap, rules, UTC, NEVER, D(10)))[-1] == (MON + timedelta(days=6), 10, 0, 0)
    # the earlier days were in the previous pay run
    carry = {MON: WeekCarry(0, frozenset(MON + timedelta(days=i) for i in range(4)))}
    assert per_day(compute_weeks(week[4:], rules, UTC, NEVER, D(10), carry=carry))[-1] == (
        MON + timedelta(days=6), 0, 8, 2)
    # the sixth day of a week starting on Tuesday is not its seventh
    tuesday = RuleSet(seventh_day=True, workweek_start="tuesday")
    assert per_day(compute_weeks(week, tuesday, UTC, NEVER, D(10)))[-1] == (MON + timedelta(days=6), 10, 0, 0)


def test_rates_bonuses_and_the_weeks_they_belong_to():
    shifts = [daily(MON, 2, rate=D(30)), daily(MON, 3), punch(MON + timedelta(days=1), "08:00", "09:00", bonus=D(5)),
              daily(MON + timedelta(days=7), 1, bonus=D(7)), daily(MON + timedelta(days=8), 1, bonus=D(3))]
    weeks = compute_weeks(shifts, PREMIUMS, UTC, NEVER, D(10))
    assert [(w.week_start, h(w.worked), w.straight, w.bonus) for w in weeks] == [
        (MON, 6, D(30 * 2 * HOUR + 10 * 4 * HOUR), D(5)), (MON + timedelta(days=7), 2, D(20 * HOUR), D(10))]
    salaried = compute_weeks(shifts, RuleSet(), UTC, NEVER, None)
    assert [w.straight for w in salaried] == [D(30 * 2 * HOUR), D(0)]


def test_premium_base_is_priced_at_each_shifts_rate():
    shifts = [daily(SUN, 2, rate=D(30)), daily(SUN, 1)]
    [week] = compute_weeks(shifts, PREMIUMS, UTC, NEVER, D(10))
    [sunday] = week.days
    assert sunday.get("sunday") == 3 * HOUR and sunday.premium_base == {"sunday": D(30 * 2 * HOUR + 10 * HOUR)}
    [week] = compute_weeks(shifts, PREMIUMS, UTC, NEVER, None)
    assert week.days[0].premium_base == {"sunday": D(30 * 2 * HOUR)}


def test_a_week_with_only_a_bonus_exists():
    weeks = compute_weeks([daily(MON + timedelta(days=2), 0, bonus=D(9))], RuleSet(), UTC, NEVER, D(10))
    assert [(w.week_start, w.bonus, h(w.worked)) for w in weeks] == [(MON, D(9), 0)]


def test_carry_after_adds_this_runs_regular_hours_and_worked_days():
    rules = RuleSet(weekly_overtime_after=D(40))
    carry = {MON: WeekCarry(30 * HOUR, frozenset({MON}))}
    shifts = [daily(MON + timedelta(days=1), 8), daily(MON + timedelta(days=2), 0), daily(MON + timedelta(days=3), 4)]
    [week] = compute_weeks(shifts, rules, UTC, NEVER, D(10), carry=carry)
    assert week.carried == carry[MON]
    assert carry_after(week) == WeekCarry(40 * HOUR, frozenset({MON, MON + timedelta(days=1), MON + timedelta(days=3)}))


@pytest.mark.parametrize("start, end, brk, expected", [
    ("23:59:30", "25:00", 5, [0, 5]),      # a piece shorter than a minute holds no break minute
    ("23:59", "24:30", 2, [1, 1]),         # the last minute goes on to the next piece
    ("23:50", "24:30", 70, [10, 30]),      # no piece holds more break than it lasts
    ("23:50", "24:00:30", 15, [10, 0]),    # whole minutes only
])
def test_a_break_is_spread_over_the_pieces_in_whole_minutes(start, end, brk, expected):
    def moment(text):
        h, m, *s = map(int, text.split(":"))
        return datetime(2026, 11, 2, tzinfo=timezone.utc) + timedelta(hours=h, minutes=m, seconds=s[0] if s else 0)

    shift = Shift("E1", MON, start=moment(start), end=moment(end), break_minutes=brk)
    assert [p.break_minutes for p in split_at_midnight(shift, UTC)] == expected


def test_recorded_break_minutes_and_gap_seconds_add_up_exactly():
    # 20 recorded minutes and a 9 min 50 s gap are 10 s short of the 30 minutes: one more minute
    gap_end = at(MON, "11:09") + timedelta(seconds=50)
    shifts = [punch(MON, "08:00", "11:00", brk=20), Shift("E1", MON, start=gap_end, end=at(MON, "16:00"))]
    assert [s.break_minutes for s in apply_auto_break(shifts, AUTO)] == [20, 1]


def _after(day: date, hhmmss: str) -> datetime:
    h, m, s = map(int, hhmmss.split(":"))
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc) + timedelta(hours=h, minutes=m, seconds=s)


def _shifts(*spans: tuple[str, str]) -> list[Shift]:
    return [Shift("E1", MON, start=_after(MON, a), end=_after(MON, b)) for a, b in spans]


@pytest.mark.parametrize("spans, expected", [
    # gaps of 0 s and 59 s: 1741 s missing, taken as 30 whole minutes off the last shift
    ((("08:00:00", "10:00:00"), ("10:00:00", "12:00:00"), ("12:00:59", "15:00:00")), [0, 0, 30]),
    # a gap one second short of the break: one more minute
    ((("08:00:00", "10:00:00"), ("10:29:59", "15:00:00")), [0, 1]),
    # the last shift gives its 10 whole minutes (of 10.5), the rest comes off the one before
    ((("08:00:00", "14:00:00"), ("14:00:00", "14:10:30")), [20, 10]),
    # 1741 s missing, 600 of them off the last shift: 1141 s more are 20 minutes
    ((("08:00:00", "14:00:00"), ("14:00:59", "14:10:59")), [20, 10]),
])
def test_the_automatic_break_in_whole_minutes_from_the_last_shift_back(spans, expected):
    assert [s.break_minutes for s in apply_auto_break(_shifts(*spans), AUTO)] == expected


def test_a_long_automatic_break_is_taken_whole():
    rules = RuleSet(auto_break={"after_hours": 6, "minutes": 120})
    assert [s.break_minutes for s in apply_auto_break([punch(MON, "08:00", "18:00")], rules)] == [120]


def test_holiday_premium_alone_by_the_clock():
    found = premium_seconds(punch(SAT, "20:00", "04:00"), RuleSet(holiday_percent=D(100)), UTC, lambda d: d == SUN)
    assert found == {"holiday": 4 * HOUR}


def test_one_second_counts():
    night = RuleSet(night=NightPremium(percent=D(25)))
    one_over = Shift("E1", MON, start=at(MON, "22:00"), end=at(MON, "23:00") + timedelta(seconds=1), break_minutes=60)
    assert premium_seconds(one_over, night, UTC, NEVER) == {"night": 1}
    # a day with one second of work is a worked day: for the seventh day and for the carry
    week = [daily(MON + timedelta(days=i), 10) for i in range(7)]
    week[3] = Shift("E1", MON + timedelta(days=3), seconds=1)
    weeks = compute_weeks(week, RuleSet(seventh_day=True), UTC, NEVER, D(10))
    assert per_day(weeks)[-1] == (MON + timedelta(days=6), 0, 8, 2)
    assert MON + timedelta(days=3) in carry_after(weeks[0]).days
