python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .gpu4/*.whl 2>&1 | tail -2
ls /tmp/model | head -3
. .gpu1/env.sh 2>/dev/null || { export PYTHONPATH=/tmp/site:$PWD PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1; export LD_LIBRARY_PATH=/tmp/shim:/tmp/site/nvidia/cuda_runtime/lib:$(cat /tmp/cublas13_dir):${LD_LIBRARY_PATH:-}; }
set -x
export DLQA_MODEL_PATH=/tmp/model
time python3 scripts/build_index.py --quiet --index /tmp/idx_cpu 2>&1 | tail -5
time python3 scripts/build_index.py --quiet --gpu --index /tmp/idx_gpu 2>&1 | tail -5
python3 scripts/build_index.py --check --index /tmp/idx_gpu 2>&1 | tail -3
python3 scripts/gpu_check.py --size 1000 --queries 100 --index-cpu /tmp/idx_cpu --index-gpu /tmp/idx_gpu | tee $OUT/gpu_check_build.json
DLQA_INDEX_DIR=/tmp/idx_gpu python3 -m app ask "How many stars does PyTorch have?" 2>&1 | tail -4
DLQA_INDEX_DIR=/tmp/idx_gpu python3 -m app ask "a library for deep learning on Spark" 2>&1 | tail -4
