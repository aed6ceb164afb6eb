"""An admin's new values for one rule's parameters, checked before a version is written: refused
in words, naming the parameter as the Rules page does and saying what to type, not by a line of
a TOML text nobody sees (the version's own parse, app.compliance.ruleset, stays the last word)."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from app.compliance.rule_params import FIXED_SEVERITY, MINIMUM, NOT_LESS, PARAM_NAMES, PARAMS
from app.compliance.ruleset import SEVERITIES, _check_param
from app.errors import ValidationError
from app.i18n import Words
from app.labels import RULE, RULE_SEVERITY

_SHORT_TIME = re.compile(r"\d:\d\d")  # 8:00, as people write it


def _time(value: Any) -> Any:
    """A time as the rule set keeps it: "8:00" → "08:00", "２１：３０" (a Chinese input method's
    full-width digits and colon; found by QA) → "21:30"; anything else as given."""
    if isinstance(value, str):
        value = unicodedata.normalize("NFKC", value).strip()
        if _SHORT_TIME.fullmatch(value):
            return "0" + value
    return value


def _name(name: str) -> Words:
    return Words(PARAM_NAMES.get(name, name))


def checked_params(rule_id: str, table: dict[str, Any], params: dict[str, Any]) -> dict[str, Any]:
    """`params` as the rule set will keep them (times as HH:MM), after checking each against its
    kind and least value, and the rule's parameters together (`table`: the rule as stored)."""
    kept: dict[str, Any] = {}
    for name, value in params.items():
        if name == "enabled":
            if not isinstance(value, bool):
                raise ValidationError(
                    "{key}: {value} is not true or false.", key=Words("Rule enabled"), value=value
                )
        elif name == "severity":
            if value not in SEVERITIES:
                raise ValidationError(
                    "{key}: unknown severity {value}; use info, warning, needs_override or "
                    "blocked.",
                    key=Words("Severity"),
                    value=value,
                )
            fixed = FIXED_SEVERITY.get(rule_id)
            if fixed is not None and value != fixed:
                raise ValidationError(
                    "{key}: the rule {rule} refuses the deletion of every record it still keeps, "
                    "whatever its severity; it stays {fixed}. Turn the rule off to stop keeping "
                    "records.",
                    key=Words("Severity"),
                    rule=Words(RULE[rule_id]),
                    fixed=Words(RULE_SEVERITY[fixed]),
                )
        else:
            kind = PARAMS[rule_id][name][0]
            value = _time(value) if kind == "time" else value
            least = MINIMUM.get((rule_id, name), 0)
            problem = _check_param(kind, value)
            if kind == "count" and least and (problem is not None or value < least):
                problem = "{key}: {value} is not a whole number of at least {minimum}."
            if problem is not None:
                raise ValidationError(problem, key=_name(name), value=value, minimum=least)
        kept[name] = value
    defaults = {k: spec[1] for k, spec in PARAMS[rule_id].items()}
    after = defaults | table | kept
    for rule, shorter, longer in NOT_LESS:
        if rule == rule_id and after[longer] < after[shorter]:
            raise ValidationError(
                "{longer} ({value}) cannot be less than {shorter} ({other}).",
                longer=_name(longer),
                value=after[longer],
                shorter=_name(shorter),
                other=after[shorter],
            )
    for name, value in kept.items():  # a list emptied by this change: a rule never applied
        kind = PARAMS[rule_id][name][0] if name in PARAMS[rule_id] else ""
        if kind in ("channels", "parties") and not value and after.get("enabled", True):
            raise ValidationError(
                "{key}: none is ticked, so the rule would never apply; turn the rule off instead.",
                key=_name(name),
            )
    if rule_id == "quiet_hours" and after.get("enabled", True) and after["start"] == after["end"]:
        raise ValidationError(
            "{key}: the quiet hours start and end at {value}, which leaves no quiet hours; turn "
            "the rule off instead.",
            key=_name("end"),
            value=after["end"],
        )
    return kept
