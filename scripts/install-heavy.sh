#!/usr/bin/env bash
# Installs the optional heavy offline tier: the `heavy` extra (llama.cpp, compiled here, and the
# pinned Qwen2.5-Coder weights) into the project's virtual environment (`make setup` first).
#
# llama.cpp builds for every instruction set of the CPU it is compiled on. On CPUs with AMX (Intel
# Xeon from Sapphire Rapids on) the pinned release then takes its AMX matrix path for a prompt's
# first batch and crashes with a segmentation fault (llama.cpp issue 20824, open upstream; measured
# here: a 361-token prompt). Where the CPU has AMX, llama.cpp is therefore built for the instruction
# sets the CPU has, AMX left out. A CMAKE_ARGS you set yourself is kept as it is.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
if [[ ! -x "$VENV/bin/pip" ]]; then
  echo "no $VENV: run 'make setup' first" >&2
  exit 1
fi
flags=" $(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null | cut -d: -f2) "
if [[ -z "${CMAKE_ARGS:-}" && "$flags" == *" amx_tile "* ]]; then
  args="-DGGML_NATIVE=OFF"
  for pair in avx:AVX avx2:AVX2 fma:FMA f16c:F16C avx_vnni:AVX_VNNI avx512f:AVX512 \
      avx512vbmi:AVX512_VBMI avx512_vnni:AVX512_VNNI avx512_bf16:AVX512_BF16; do
    if [[ "$flags" == *" ${pair%%:*} "* ]]; then
      args+=" -DGGML_${pair#*:}=ON"
    fi
  done
  export CMAKE_ARGS="$args"
  echo "This CPU has AMX: building llama.cpp without it (CMAKE_ARGS=$CMAKE_ARGS)"
fi
# No wheel cache: a llama.cpp wheel built earlier with other flags must not be reused.
"$VENV/bin/pip" install --no-cache-dir -e '.[heavy]'
