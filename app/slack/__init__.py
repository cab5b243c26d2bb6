"""The Slack bot: Bolt for Python mounted in the FastAPI app (slash command, mentions, DMs, feedback)."""
