"""Command-line entry points: building/checking the index and asking questions from a terminal."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.errors import AssistantError
from app.settings import Settings


def _settings(corpus: Path | None, index: Path | None) -> Settings:
    overrides: dict[str, Path] = {}
    if corpus is not None:
        overrides["corpus_dir"] = corpus
    if index is not None:
        overrides["index_dir"] = index
    return Settings(**overrides)  # type: ignore[arg-type]


def build_index_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="build_index.py", description=__doc__)
    parser.add_argument("--check", action="store_true", help="verify index/ against corpus/ and exit")
    parser.add_argument("--gpu", action="store_true", help="build with faiss-gpu (fails without a GPU)")
    parser.add_argument("--index-type", choices=["auto", "flat", "hnsw"], default="auto")
    parser.add_argument("--corpus", type=Path, help="corpus folder (default: settings)")
    parser.add_argument("--index", type=Path, help="index folder (default: settings)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    try:
        settings = _settings(args.corpus, args.index)
        if args.check:
            from app.index.store import check_index, open_embedder

            manifest = check_index(settings.index_dir, settings.corpus_dir, settings.resolved_model_path(),
                                   read_corpus=True)
            open_embedder(settings.index_dir, manifest)  # the query model loads and gives the right dimension
            print(f"index OK: {manifest.entry_count} entries, {manifest.faiss_index_type}, built {manifest.built_at}")
            return 0
        from app.index.build import build_index
        from app.index.embedder import SentenceTransformerEmbedder

        if args.gpu:
            from app.index.vector import require_gpu

            require_gpu()
        embedder = SentenceTransformerEmbedder(settings.resolved_model_path())
        summary = build_index(
            settings.corpus_dir, settings.index_dir, embedder,
            index_type=args.index_type, gpu=args.gpu, progress=not args.quiet,
        )
    except (AssistantError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(
        f"built {settings.index_dir}: {summary.entries} entries, dimension {summary.dimension}, "
        f"{summary.index_type} index, {summary.seconds:.1f} s"
        + (" (HNSW built on the CPU: faiss-gpu has no HNSW)" if args.gpu and summary.index_type == "hnsw" else "")
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app", description="Ask the survey assistant.")
    commands = parser.add_subparsers(dest="command", required=True)
    ask = commands.add_parser("ask", help="answer one question and print it with its citations")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print the /ask response as JSON")
    ask.add_argument("--top-k", type=int, default=5)
    ask.add_argument("--plan", action="store_true", help="also print the query plan the answer ran")
    commands.add_parser("mcp", help="serve the MCP tools on stdin/stdout (for Claude Desktop and other agents)")
    args = parser.parse_args(argv)
    if args.command == "mcp":
        return _serve_mcp()
    import json
    from dataclasses import asdict

    from app.factory import build_assistant

    if not args.question.strip():
        print("error: the question is empty", file=sys.stderr)
        return 2
    try:
        assistant = build_assistant(Settings())
    except (AssistantError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    answer = assistant.ask(args.question[:2000], max(1, min(args.top_k, 20)), debug=args.plan)
    if args.json:
        print(json.dumps(asdict(answer), ensure_ascii=False, indent=2))
        return 0
    if answer.plan is not None:
        print("plan:", json.dumps(answer.plan, ensure_ascii=False))
    print(answer.answer)
    for citation in answer.citations:
        print(f"  [{citation['n']}] {citation['name']} – {citation['url'] or 'no link'}\n      {citation['snippet']}")
    return 0


def _serve_mcp() -> int:
    from app.mcp_server import serve_stdio

    try:
        serve_stdio(Settings())
    except (AssistantError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0
