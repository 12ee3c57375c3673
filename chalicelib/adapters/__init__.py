"""Adapters: DynamoDB storage, e-mail/SMS delivery, EventBridge Scheduler, tokens, passwords."""
