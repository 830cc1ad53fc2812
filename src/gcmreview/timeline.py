"""The regional review calendar: milestones worked back from the review date, from a plan
file a secretariat can replace (``templates/calendar/plan.yaml``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from gcmreview import reference
from gcmreview.errors import GcmError, UsageError
from gcmreview.files import build_time
from gcmreview.paths import templates_dir
from gcmreview.yamlio import load_yaml_file


class Milestone(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    offset: Annotated[int, Field(ge=-3650, le=3650)]
    end_offset: Annotated[int, Field(ge=-3650, le=3650)] | None = None
    fixed: bool = False  # the anchor itself: never moved
    title: dict[str, str]


class Plan(BaseModel):
    model_config = ConfigDict(extra="forbid")

    schema_: Literal["gcmreview/plan@1"] = Field(alias="schema")
    milestones: list[Milestone] = Field(min_length=1)


@dataclass(frozen=True)
class Event:
    id: str
    title: str
    start: date
    end: date  # last day (inclusive); equals start for one-day milestones
    moved_from: date | None  # the weekend date it was moved from, if any

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "moved_from": self.moved_from.isoformat() if self.moved_from else None,
        }


def load_plan(path: Path | None = None) -> Plan:
    source = path or templates_dir() / "calendar" / "plan.yaml"
    raw = load_yaml_file(source)
    try:
        plan = Plan.model_validate(raw)
    except ValidationError as exc:
        problems = [
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
            for e in exc.errors(include_url=False)
        ]
        raise GcmError(
            f"{source}: the plan has {len(problems)} problem(s)", details=problems
        ) from None
    ids = [m.id for m in plan.milestones]
    problems = [
        f"milestones[{m.id}]: end_offset is before offset"
        for m in plan.milestones
        if m.end_offset is not None and m.end_offset < m.offset
    ]
    problems += [f"milestones[{i}]: duplicate milestone ID" for i in set(ids) if ids.count(i) > 1]
    problems += [
        f"milestones[{m.id}].title: no English title"
        for m in plan.milestones
        if not m.title.get("en")
    ]
    if problems:
        raise GcmError(f"{source}: the plan has {len(problems)} problem(s)", details=problems)
    return plan


def working_day_on_or_before(day: date) -> date:
    """Saturday and Sunday move back to Friday."""
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{text!r} is not a date as YYYY-MM-DD") from None


def build(
    review: date,
    plan: Plan,
    *,
    lang: str = "en",
    today: date | None = None,
    allow_past: bool = False,
) -> list[Event]:
    lang = reference.check_language(lang)
    today = today or date.today()
    if review < today and not allow_past:
        raise UsageError(
            f"the review date {review.isoformat()} is in the past; use "
            "--allow-past to plan it anyway"
        )
    events = []
    for m in plan.milestones:
        raw_start = review + timedelta(days=m.offset)
        raw_end = review + timedelta(days=m.end_offset if m.end_offset is not None else m.offset)
        start = raw_start if m.fixed else working_day_on_or_before(raw_start)
        end = raw_end if m.fixed else working_day_on_or_before(raw_end)
        end = max(end, start)
        title = m.title.get(lang) or m.title["en"]
        events.append(Event(m.id, title, start, end, raw_start if start != raw_start else None))
    return sorted(events, key=lambda e: (e.start, e.end, e.id))


#: The Global Compact's cycle: an International Migration Review Forum every four years from
#: 2022, regional reviews in the years between (A/RES/73/195 paras 49-50).
FIRST_FORUM = 2022
#: SEQUENCE counts minutes from here (see :func:`sequence_for`).
SEQUENCE_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)


def forum_year(review: date) -> int:
    """The year of the International Migration Review Forum a regional review prepares:
    the first Forum year (2022, 2026, 2030 …) on or after the review's year."""
    return review.year + (FIRST_FORUM - review.year) % 4


def uid(region: str, review: date, milestone: str) -> str:
    """An event's UID: per region, milestone and review cycle, never per review date, so a
    calendar made again after the review date moved updates the events a person imported
    instead of adding new ones. The cycle (the Forum the review prepares) keeps the next
    cycle's review from overwriting this one's events."""
    return f"{region.lower()}-imrf{forum_year(review)}-{milestone}@gcmreview"


def sequence_for(stamp: datetime) -> int:
    """The SEQUENCE of every event: whole minutes from 2024-01-01 to ``stamp`` (the
    DTSTAMP, so SOURCE_DATE_EPOCH makes it reproducible). A calendar made later, after the
    dates moved, has a higher SEQUENCE, which is what Outlook and Google Calendar need to
    replace the events they hold; no earlier file has to be kept to compute it."""
    return max(0, int((stamp - SEQUENCE_EPOCH).total_seconds()) // 60)


def to_ics(
    events: list[Event],
    *,
    region: str,
    review: date,
    lang: str = "en",
    sequence: int | None = None,
) -> bytes:
    """An iCalendar file of all-day events, its texts in ``lang``. UIDs are stable across
    review dates and languages (:func:`uid`) and SEQUENCE grows from one calendar to the next
    (:func:`sequence_for`, or ``sequence``), so importing a moved calendar again into Outlook
    or Google Calendar updates the same events instead of duplicating them."""
    from icalendar import Calendar
    from icalendar import Event as IcsEvent

    from gcmreview.formats import long_date
    from gcmreview.i18n import t
    from gcmreview.languages import word_tag

    lang = reference.check_language(lang)
    comm = reference.commission(region)
    acronym = comm.acronym(lang)
    language = {"LANGUAGE": word_tag(lang)}
    stamp = build_time()
    if sequence is None:
        sequence = sequence_for(stamp)
    if sequence < 0:
        raise UsageError("the sequence must be a whole number of 0 or more")
    about = t("cal.description", lang, date=long_date(review, lang))
    cal = Calendar()
    cal.add("prodid", "-//gcmreview//regional review calendar//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", t("cal.name", lang, region=acronym, date=long_date(review, lang)))
    cal.add("x-wr-caldesc", about)
    for e in events:
        item = IcsEvent()
        item.add("uid", uid(comm.code, review, e.id))
        item.add("sequence", sequence)
        item.add("dtstamp", stamp)
        item.add("dtstart", e.start)
        item.add("dtend", e.end + timedelta(days=1))  # exclusive, as all-day events need
        item.add("summary", f"{acronym}: {e.title}", parameters=language)
        note = about
        if e.moved_from is not None:
            note += "\n" + t("cal.moved", lang, date=long_date(e.moved_from, lang))
        item.add("description", note, parameters=language)
        item.add("transp", "TRANSPARENT")
        cal.add_component(item)
    return cal.to_ical()
