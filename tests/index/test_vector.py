"""The --gpu guard: what faiss-gpu must offer before a GPU build starts (the GPU itself: scripts/gpu_check.py)."""

from __future__ import annotations

import pytest

from app.errors import GpuUnavailableError
from app.index import vector


class _FakeGpuFaiss:
    """faiss as faiss-gpu looks on a machine with one GPU; everything else is the real module."""

    StandardGpuResources = object

    def __init__(self, real: object) -> None:
        self._real = real

    def __getattr__(self, name: str) -> object:
        return getattr(self._real, name)

    @staticmethod
    def get_num_gpus() -> int:
        return 1


@pytest.fixture
def fake_gpu(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vector, "faiss", _FakeGpuFaiss(vector.faiss))
    monkeypatch.setattr(vector, "_gpu_probed", False)


def test_cpu_faiss_names_the_extra_to_install() -> None:
    if hasattr(vector.faiss, "StandardGpuResources"):
        pytest.skip("faiss-gpu is installed here")
    with pytest.raises(GpuUnavailableError, match=r"pip install -e '\.\[gpu\]'"):
        vector.require_gpu()


@pytest.mark.usefixtures("fake_gpu")
def test_a_wheel_without_kernels_for_the_card_is_refused_before_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    # What faiss-gpu-cu12 1.14 does on an H200 (seen with scripts/gpu_check.py): a C++ assertion, then abort().
    monkeypatch.setattr(vector, "GPU_PROBE", (
        "import os, sys\n"
        "sys.stderr.write(\"Faiss assertion 'err__ == cudaSuccess' failed ... CUDA error 209 no kernel image is "
        "available for execution on the device\\n\")\n"
        "os.abort()\n"))
    with pytest.raises(GpuUnavailableError, match="no kernel image is available") as caught:
        vector.require_gpu()
    assert "build without --gpu" in str(caught.value)
    assert vector._gpu_probed is False


@pytest.mark.usefixtures("fake_gpu")
def test_a_working_gpu_is_probed_once(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    marker = tmp_path / "probes"
    monkeypatch.setattr(vector, "GPU_PROBE", f"open({str(marker)!r}, 'a').write('x')\n")
    vector.require_gpu()
    vector.require_gpu()
    vector.require_gpu(probe=False)
    assert marker.read_text() == "x"
