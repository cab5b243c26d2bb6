# Sourced by each device call: faiss-gpu-cu12 1.9.0.0 (the last wheel with sm_90 code), numpy<2 for it, the
# project's missing pure deps in /tmp/site, and a cuBLAS-12 ABI shim (nvidia-cublas-cu12 stand-in) over cuBLAS 13.
export PYTHONPATH=/tmp/site:$PWD PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
CUBLAS13=$(cat /tmp/cublas13_dir 2>/dev/null)
export LD_LIBRARY_PATH=/tmp/site/nvidia/cublas/lib:/tmp/site/nvidia/cuda_runtime/lib:$CUBLAS13:${LD_LIBRARY_PATH:-}
