"""One-time EventBridge Scheduler schedules that invoke the closer at a tender's deadline."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from chalicelib.adapters.aws import client


def schedule_name(tender_id: str) -> str:
    return f"tender-{tender_id}"


def whole_second_after(moment: datetime) -> datetime:
    """``moment`` in UTC, rounded up to a whole second."""
    moment = moment.astimezone(UTC)
    if moment.microsecond:
        moment = moment.replace(microsecond=0) + timedelta(seconds=1)
    return moment


class Scheduler:
    """The tender's chronograph on AWS: one one-time schedule per tender, always set to the
    tender's next timed step (deadline, confirmation deadline, completion)."""

    def __init__(
        self, group: str, target_arn: str, role_arn: str, dead_letter_arn: str = ""
    ) -> None:
        self._group = group
        self._target = target_arn
        self._role = role_arn
        self._dead_letter = dead_letter_arn

    def wake_at(self, tender_id: str, when: datetime) -> None:
        """Invoke the closer for ``tender_id`` once at ``when``, then delete the schedule;
        moves the schedule if one exists (a deadline extended, an award passed on).

        ``at()`` takes whole seconds, so the time is rounded *up*: a closer fired early would
        find nothing due. Precision on AWS is about a minute; the sweeper catches the rest.
        """
        at = whole_second_after(when).strftime("%Y-%m-%dT%H:%M:%S")
        scheduler = client("scheduler")
        target: dict[str, Any] = {
            "Arn": self._target,
            "RoleArn": self._role,
            "Input": json.dumps({"tender_id": tender_id}),
            "RetryPolicy": {"MaximumRetryAttempts": 10, "MaximumEventAgeInSeconds": 3600},
        }
        if self._dead_letter:  # where an invocation that still fails after the retries goes
            target["DeadLetterConfig"] = {"Arn": self._dead_letter}
        settings = {
            "Name": schedule_name(tender_id),
            "GroupName": self._group,
            "ScheduleExpression": f"at({at})",
            "ScheduleExpressionTimezone": "UTC",
            "FlexibleTimeWindow": {"Mode": "OFF"},
            "ActionAfterCompletion": "DELETE",
            "Target": target,
        }
        try:
            scheduler.create_schedule(**settings)
        except scheduler.exceptions.ConflictException:
            scheduler.update_schedule(**settings)

    def forget(self, tender_id: str) -> None:
        """Delete the tender's pending schedule, if any (a cancelled tender has nothing due)."""
        scheduler = client("scheduler")
        try:
            scheduler.delete_schedule(Name=schedule_name(tender_id), GroupName=self._group)
        except scheduler.exceptions.ResourceNotFoundException:
            return
