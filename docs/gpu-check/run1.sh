set -x
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv
python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site .gpu1/*.whl 2>&1 | tail -3
tar -C /tmp/site -xJf .gpu1/faiss_gpu_cu12-1.9.0.0.tar.xz
dirname "$(find /opt/torch /usr/local -name 'libcublas.so.13' 2>/dev/null | head -1)" > /tmp/cublas13_dir
set +x; . .gpu1/env.sh; set -x
python3 -c "import numpy, faiss; print('numpy', numpy.__version__, 'faiss', faiss.__version__, 'gpus', faiss.get_num_gpus())"
python3 scripts/gpu_check.py --size 100000 --queries 500 | tee $OUT/gpu_check_vectors.json
