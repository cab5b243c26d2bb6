"""The torch-free query model: same vectors as sentence-transformers, checked files, refusals that name the file."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from app.cli import build_index_main
from app.corpus.loader import load_corpus
from app.errors import IndexCorruptError, IndexOutOfDateError
from app.index.embedder import entry_text
from app.index.manifest import checksum_files, content_hash, read_manifest
from app.index.query_model import MODEL_DIR, ONNX_FILE, TOKENIZER_FILE, WEIGHTS_FILE, OnnxEmbedder
from app.index.store import check_index, load_index, open_embedder
from app.settings import REPO_ROOT, bundled_model_path

CORPUS = REPO_ROOT / "corpus"
SENTENCE = re.compile(r"[^。！？.!?\n]+[。！？.!?]?")


def comparison_texts() -> list[str]:
    """Every question of the two question sets, every description sentence (en and zh), every entry's
    full text, the survey's sentences, and texts past the 256-token limit (truncation must match too)."""
    texts: list[str] = []
    for name in ("questions.yaml", "holdout.yaml"):
        source = (REPO_ROOT / "tests" / "data" / name).read_text(encoding="utf-8")
        texts += re.findall(r'\bq: "((?:[^"\\]|\\.)*)"', source)
    loaded = load_corpus(CORPUS)
    for entry in loaded.entries:
        texts.append(entry_text(entry, loaded.vocabulary))
        for description in (entry.description_en, entry.description_zh):
            texts += [s.strip() for s in SENTENCE.findall(description or "") if s.strip()]
    for source in sorted((CORPUS / "sources").glob("*.md")):  # the survey itself, verbatim Chinese
        texts += [s.strip() for s in SENTENCE.findall(source.read_text(encoding="utf-8")) if len(s.strip()) > 3]
    texts += ["deep learning " * 300, "深度学习框架" * 200, "", " ", "🙂 emoji and ünïcödé", "PyTorch"]
    return texts


@pytest.fixture(scope="module")
def onnx_embedder(built_index: Path) -> OnnxEmbedder:
    return open_embedder(built_index, read_manifest(built_index))


def test_onnx_vectors_equal_sentence_transformers_on_hundreds_of_texts(
    onnx_embedder: OnnxEmbedder, embedder  # type: ignore[no-untyped-def]
) -> None:
    texts = comparison_texts()
    assert len(texts) >= 300
    assert sum(1 for t in texts if re.search(r"[\u4e00-\u9fff]", t)) >= 80
    expected = embedder.encode(texts)
    for batch in (1, 7, len(texts)):  # padding inside a batch must not change a text's vector
        got = np.concatenate([onnx_embedder.encode(texts[i : i + batch]) for i in range(0, len(texts), batch)])
        assert got.shape == expected.shape == (len(texts), 384)
        cosines = np.sum(got * expected, axis=1)
        worst = int(np.argmin(cosines))
        assert cosines[worst] >= 0.9999, f"cosine {cosines[worst]:.6f} for {texts[worst][:60]!r}"
        np.testing.assert_allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)


def test_manifest_lists_the_query_model_files(built_index: Path) -> None:
    manifest = read_manifest(built_index)
    assert manifest.model.query_model == MODEL_DIR
    assert {f"{MODEL_DIR}/{f}" for f in (ONNX_FILE, WEIGHTS_FILE, TOKENIZER_FILE)} <= set(manifest.files)
    assert {"onnxruntime", "tokenizers"} <= set(manifest.versions)


SERVE_WITHOUT_TORCH = r"""
import io, sys, contextlib, tempfile
from pathlib import Path
from fastapi.testclient import TestClient
import app.main
from app.cli import main as cli_main
from app.settings import Settings
from app.slack.bolt_app import SlackBot
from app.slack.feedback import FeedbackStore
question = "Which library has a dynamic dependency scheduler?"
with TestClient(app.main.app) as client:
    body = client.post("/ask", json={"question": question}).json()
    assert body["answered"] and body["citations"][0]["id"] == "mxnet", body
    assert client.post("/ask", json={"question": "How many stars does PyTorch have?"}).json()["value"] == 20243
out = io.StringIO()
with contextlib.redirect_stdout(out):
    assert cli_main(["ask", question]) == 0
assert "Apache MXNet [1]" in out.getvalue(), out.getvalue()
settings = Settings(slack_bot_token="xoxb-test", slack_signing_secret="secret", slack_api_url="http://127.0.0.1:9/")
bot = SlackBot(settings, app.main.build_assistant(settings), FeedbackStore(Path(tempfile.mkdtemp()) / "f.sqlite3"))
text, blocks = bot.compose(question, "T1:C1:1.0", "mention")
assert "MXNet" in text and blocks, text
sys.path.insert(0, "scripts")
import slack_socket_mode  # noqa: the Socket Mode entry point imports no torch either
print("torch loaded:", "torch" in sys.modules, sorted(m for m in sys.modules if m.split(".")[0] in
      ("torch", "sentence_transformers", "transformers")))
"""


def test_serving_a_question_never_imports_torch(built_index: Path) -> None:
    """app.main (HTTP), `python -m app ask` and the Slack path embed with onnxruntime only."""
    env = {**os.environ, "DLQA_INDEX_DIR": str(built_index), "DLQA_CORPUS_DIR": str(CORPUS)}
    result = subprocess.run([sys.executable, "-c", SERVE_WITHOUT_TORCH], capture_output=True, text=True, env=env,
                            cwd=REPO_ROOT, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "torch loaded: False []" in result.stdout, result.stdout


def test_cli_ask_process_never_imports_torch(built_index: Path) -> None:
    env = {**os.environ, "DLQA_INDEX_DIR": str(built_index), "DLQA_CORPUS_DIR": str(CORPUS)}
    code = ("import runpy, sys; sys.argv = ['app', 'ask', '哪个库支持协同过滤']\n"
            "try:\n    runpy.run_module('app', run_name='__main__')\nexcept SystemExit as exit:\n"
            "    assert not exit.code\nprint('torch' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO_ROOT,
                            timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().endswith("False") and "fast.ai" in result.stdout


# ---- bad input: refused at --check and at start-up, naming the file and the command ----------------------


@pytest.fixture
def index_copy(tmp_path: Path, built_index: Path) -> Path:
    target = tmp_path / "index"
    shutil.copytree(built_index, target)
    return target


def reseal(index_dir: Path) -> None:
    """Rewrite the manifest's checksums as if the damaged files had been built that way: only the
    loading checks (not the checksums) can catch what follows."""
    data = json.loads((index_dir / "manifest.json").read_text())
    data["files"] = checksum_files(index_dir)
    data["content_hash"] = content_hash(data["files"])
    (index_dir / "manifest.json").write_text(json.dumps(data))


def refusal(index_dir: Path) -> str:
    """The error of `--check` and of start-up, which must agree."""
    code = build_index_main(["--check", "--index", str(index_dir)])
    assert code == 1
    with pytest.raises((IndexCorruptError, IndexOutOfDateError)) as raised:
        from app.main import build_assistant
        from app.settings import Settings

        build_assistant(Settings(index_dir=index_dir, corpus_dir=CORPUS))
    message = str(raised.value)
    assert "run `make index`" in message
    return message


@pytest.mark.parametrize("resealed", [False, True])
@pytest.mark.parametrize("file", [ONNX_FILE, WEIGHTS_FILE])
def test_truncated_onnx_file_is_refused(index_copy: Path, file: str, resealed: bool,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    path = index_copy / MODEL_DIR / file
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    if resealed:
        reseal(index_copy)
    message = refusal(index_copy)
    assert f"{MODEL_DIR}/{file}" in message
    assert f"{MODEL_DIR}/{file}" in capsys.readouterr().err


@pytest.mark.parametrize("file", ["corpus.json", "vectors.faiss", "keyword/data.csc.index.npy"])
def test_truncated_index_file_is_refused_by_its_checksum(index_copy: Path, file: str) -> None:
    """Start-up hashes the files while it loads them: the checksum's verdict wins over the load's error."""
    path = index_copy / file
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    assert f"{file} does not match its checksum" in refusal(index_copy)


def test_garbage_onnx_file_is_refused(index_copy: Path) -> None:
    (index_copy / MODEL_DIR / ONNX_FILE).write_bytes(b"not a model" * 1000)
    reseal(index_copy)
    assert f"{MODEL_DIR}/{ONNX_FILE} or {MODEL_DIR}/{WEIGHTS_FILE} could not be loaded" in refusal(index_copy)


@pytest.mark.parametrize("resealed", [False, True])
def test_missing_tokenizer_file_is_refused(index_copy: Path, resealed: bool) -> None:
    (index_copy / MODEL_DIR / TOKENIZER_FILE).unlink()
    if resealed:
        reseal(index_copy)
    assert f"{MODEL_DIR}/{TOKENIZER_FILE}" in refusal(index_copy)


def tiny_onnx_model(path: Path, dimension: int) -> None:
    """A valid ONNX model with the query model's inputs whose vectors have ``dimension`` components."""
    import onnx
    from onnx import TensorProto, helper

    inputs = [helper.make_tensor_value_info(name, TensorProto.INT64, ["batch", "sequence"])
              for name in ("input_ids", "attention_mask", "token_type_ids")]
    output = helper.make_tensor_value_info("sentence_embedding", TensorProto.FLOAT, ["batch", dimension])
    repeats = helper.make_tensor("repeats", TensorProto.INT64, [2], [1, dimension])
    nodes = [
        helper.make_node("Cast", ["attention_mask"], ["mask"], to=TensorProto.FLOAT),
        helper.make_node("ReduceMean", ["mask"], ["mean"], axes=[1], keepdims=1),
        helper.make_node("Tile", ["mean", "repeats"], ["sentence_embedding"]),
    ]
    graph = helper.make_graph(nodes, "tiny", inputs, [output], initializer=[repeats])
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=9), str(path))


def test_model_of_another_dimension_is_refused(index_copy: Path) -> None:
    """A well-formed ONNX model (sealed in the manifest) whose vectors do not fit the 384-d index."""
    tiny_onnx_model(index_copy / MODEL_DIR / ONNX_FILE, 16)  # its weights file is left, unused
    config = index_copy / MODEL_DIR / "config.json"
    config.write_text(json.dumps({**json.loads(config.read_text()), "dimension": 16}))
    reseal(index_copy)
    assert f"{MODEL_DIR}/{ONNX_FILE} gives 16-dimensional vectors, the index holds 384" in refusal(index_copy)


def test_config_of_another_dimension_is_refused(index_copy: Path) -> None:
    config = index_copy / MODEL_DIR / "config.json"
    config.write_text(json.dumps({**json.loads(config.read_text()), "dimension": 512}))
    reseal(index_copy)
    assert f"{MODEL_DIR}/config.json says 512 dimensions, the index holds 384" in refusal(index_copy)


def test_index_without_query_model_is_out_of_date(index_copy: Path) -> None:
    shutil.rmtree(index_copy / MODEL_DIR)
    data = json.loads((index_copy / "manifest.json").read_text())
    data["model"]["query_model"] = None
    (index_copy / "manifest.json").write_text(json.dumps(data))
    reseal(index_copy)
    assert "no ONNX query model (model/model.onnx)" in refusal(index_copy)


def test_index_of_the_previous_format_is_out_of_date(index_copy: Path) -> None:
    data = json.loads((index_copy / "manifest.json").read_text())
    data["format_version"] = 1
    (index_copy / "manifest.json").write_text(json.dumps(data))
    with pytest.raises(IndexOutOfDateError, match="format version 1"):
        check_index(index_copy, CORPUS, bundled_model_path())


def test_server_refuses_to_start_with_a_broken_query_model(index_copy: Path) -> None:
    (index_copy / MODEL_DIR / ONNX_FILE).write_bytes(b"\0" * 4096)
    env = {**os.environ, "DLQA_INDEX_DIR": str(index_copy), "DLQA_CORPUS_DIR": str(CORPUS)}
    result = subprocess.run([sys.executable, "-m", "uvicorn", "app.main:app", "--port", "0"], capture_output=True,
                            text=True, env=env, cwd=REPO_ROOT, timeout=120)
    assert result.returncode != 0
    line = next(line for line in result.stderr.splitlines() if "refusing to start" in line)
    assert f"{MODEL_DIR}/{ONNX_FILE}" in line and "run `make index`" in line


def test_loaded_index_and_query_model_agree_on_dimension(built_index: Path) -> None:
    index = load_index(built_index, CORPUS, bundled_model_path())
    with pytest.raises(IndexCorruptError, match="holds 512-dimensional vectors"):
        open_embedder(built_index, index.manifest, 512)
    assert open_embedder(built_index, index.manifest, index.vectors.d).dimension == 384


def test_a_resealed_corpus_json_without_entry_names_is_refused(index_copy: Path) -> None:
    """Start-up reads corpus.json's entries on demand (LazyEntries) but still refuses a malformed file."""
    data = json.loads((index_copy / "corpus.json").read_text())
    del data["entries"][0]["name"]
    (index_copy / "corpus.json").write_text(json.dumps(data))
    reseal(index_copy)
    from app.main import build_assistant
    from app.settings import Settings

    with pytest.raises(IndexCorruptError, match="could not be read"):
        build_assistant(Settings(index_dir=index_copy))
