"""Shared state (conversations, Slack de-duplication): one small interface, in memory or in Redis."""
