"""Block Kit rendering of an answer: its text, a "Sources" section and the feedback buttons."""

from __future__ import annotations

from typing import Any

from app.engine.assistant import Answer

SECTION_LIMIT = 3000  # Slack refuses a section text longer than this
HELPFUL, NOT_HELPFUL = "feedback_helpful", "feedback_not_helpful"
RATING_OF_ACTION = {HELPFUL: "helpful", NOT_HELPFUL: "not_helpful"}

LABELS = {
    "en": {"sources": "Sources", "helpful": "Helpful", "not_helpful": "Not helpful",
           "figures": "{contributors:,} contributors · {commits:,} commits · {stars:,} stars (as of {as_of})",
           "thanks": "Thanks for the feedback!", "usage": "Ask me a question about the survey's "
           "deep-learning libraries, e.g. `/ask How many stars does PyTorch have?`",
           "too_long": "Please keep the question under 2,000 characters.",
           "failed": "Sorry, something went wrong while answering; it was logged."},
    "zh": {"sources": "来源", "helpful": "有帮助", "not_helpful": "没有帮助",
           "figures": "{contributors:,} 位贡献者 · {commits:,} 次提交 · {stars:,} 颗星（截至 {as_of}）",
           "thanks": "谢谢反馈！", "usage": "请提一个关于调查中深度学习库的问题。",
           "too_long": "问题请少于 2000 个字符。", "failed": "抱歉，回答时出错了；错误已记录。"},
}


def label(language: str, key: str) -> str:
    return LABELS.get(language, LABELS["en"])[key]


def escape(text: str) -> str:
    """Slack's mrkdwn treats &, < and > as control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _clip(text: str, limit: int = SECTION_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def source_line(citation: dict[str, Any], figures: dict[str, Any] | None, language: str) -> str:
    """``[n] <url|Name>: figures (as of date)``; the figures are the survey's, carried by the answer."""
    name = escape(str(citation["name"]))
    link = f"<{citation['url']}|{name}>" if citation.get("url") else f"*{name}*"
    if figures is None:
        return f"[{citation['n']}] {link}"
    text = label(language, "figures").format(contributors=figures["contributors"], commits=figures["commits"],
                                             stars=figures["stars"], as_of=figures["as_of"])
    return f"[{citation['n']}] {link}: {text}"


def answer_blocks(answer: Answer, answer_id: str) -> list[dict[str, Any]]:
    language = answer.language
    text = {"type": "mrkdwn", "text": _clip(escape(answer.answer))}
    blocks: list[dict[str, Any]] = [{"type": "section", "block_id": "answer", "text": text}]
    if answer.citations:
        lines = "\n".join(source_line(c, answer.figures.get(str(c["id"])), language) for c in answer.citations)
        blocks.append({"type": "section", "block_id": "sources",
                       "text": {"type": "mrkdwn", "text": _clip(f"*{label(language, 'sources')}*\n{lines}")}})
    blocks.append({
        "type": "actions", "block_id": "feedback",
        "elements": [
            {"type": "button", "action_id": action, "value": answer_id, "style": style,
             "text": {"type": "plain_text", "text": label(language, RATING_OF_ACTION[action])}}
            for action, style in ((HELPFUL, "primary"), (NOT_HELPFUL, "danger"))
        ],
    })
    return blocks
