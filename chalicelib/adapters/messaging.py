"""E-mail through SES and SMS through SNS: the two ways a notice leaves the platform."""

from __future__ import annotations

from chalicelib.adapters.aws import client


class Messenger:
    """Sends one e-mail or one SMS; raises on failure so the caller can retry later."""

    def __init__(self, sender_email: str) -> None:
        self._sender = sender_email

    def email(self, to: str, subject: str, body: str) -> None:
        client("ses").send_email(
            Source=self._sender,
            Destination={"ToAddresses": [to]},
            Message={
                "Subject": {"Data": subject, "Charset": "UTF-8"},
                "Body": {"Text": {"Data": body, "Charset": "UTF-8"}},
            },
        )

    def sms(self, to: str, body: str) -> None:
        client("sns").publish(
            PhoneNumber=to,
            Message=body,
            MessageAttributes={
                "AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": "Transactional"}
            },
        )
