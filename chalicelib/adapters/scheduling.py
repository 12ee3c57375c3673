"""One-time EventBridge Scheduler schedules that invoke the closer at a tender's deadline."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from chalicelib.adapters.aws import client


def schedule_name(tender_id: str) -> str:
    return f"close-{tender_id}"


def whole_second_after(moment: datetime) -> datetime:
    """``moment`` in UTC, rounded up to a whole second."""
    moment = moment.astimezone(UTC)
    if moment.microsecond:
        moment = moment.replace(microsecond=0) + timedelta(seconds=1)
    return moment


class Scheduler:
    def __init__(self, group: str, target_arn: str, role_arn: str) -> None:
        self._group = group
        self._target = target_arn
        self._role = role_arn

    def close_at(self, tender_id: str, deadline: datetime) -> None:
        """Fire the closer once at ``deadline``, then delete the schedule.

        ``at()`` takes whole seconds, so the time is rounded *up*: a closer fired before the
        deadline would find nothing to close. Precision on AWS is about a minute; the sweeper
        catches anything a schedule misses.
        """
        at = whole_second_after(deadline).strftime("%Y-%m-%dT%H:%M:%S")
        client("scheduler").create_schedule(
            Name=schedule_name(tender_id),
            GroupName=self._group,
            ScheduleExpression=f"at({at})",
            ScheduleExpressionTimezone="UTC",
            FlexibleTimeWindow={"Mode": "OFF"},
            ActionAfterCompletion="DELETE",
            Target={
                "Arn": self._target,
                "RoleArn": self._role,
                "Input": json.dumps({"tender_id": tender_id}),
                "RetryPolicy": {"MaximumRetryAttempts": 10, "MaximumEventAgeInSeconds": 3600},
            },
        )
