#!/usr/bin/env bash
# The WebGPU benchmark on a machine with a real GPU and nothing installed (no Node, no browser, no registry).
#   here:  bash scripts/device/webgpu-bench.sh pack   -> .device/ (Node, Dawn, the Vulkan loader, the bundled bench; ~40 MB)
#   there: bash scripts/device/webgpu-bench.sh run OUT [bench flags]   -> OUT/dawn-webgpu.{txt,json}
#          bash scripts/device/webgpu-bench.sh run OUT --agreement     -> OUT/dawn-agreement.txt (bench/dawnAgreement.ts)
# It runs bench/dawn.ts: the suite of `npm run bench` on tfjs-backend-webgpu through Dawn, Chromium's WebGPU
# implementation, on the machine's Vulkan driver. Chromium itself (81 MB packed, plus its libraries) does not fit the
# 64 MiB such machines accept, so this measures the same kernels on the same WebGPU implementation, outside a browser.
set -euo pipefail
cd "$(dirname "$0")/../.."
PACK=.device
DAWN_VERSION=0.6.2

pack() {
  mkdir -p "$PACK"
  [ -f "$PACK/node.xz" ] || xz -T2 -6 -c "$(command -v node)" >"$PACK/node.xz"
  if [ ! -f "$PACK/dawn.node.xz" ]; then
    local tmp
    tmp=$(mktemp -d)
    (cd "$tmp" && npm pack --silent "webgpu@$DAWN_VERSION" >/dev/null && tar xzf "webgpu-$DAWN_VERSION.tgz")
    xz -T2 -6 -c "$tmp/package/dist/linux-x64/dawn.node" >"$PACK/dawn.node.xz"
    rm -rf "$tmp"
  fi
  # The Khronos Vulkan loader Chromium ships (the GPU machine's image may have none); the driver's ICD is the machine's.
  cp /usr/lib/chromium/libvulkan.so.1 "$PACK/"
  for entry in dawn dawnAgreement; do
    npx esbuild "bench/$entry.ts" --bundle --platform=node --format=esm --outfile="$PACK/$entry.mjs" --log-level=warning \
      --banner:js="import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);"
  done
  du -sh "$PACK"
}

run() {
  local out=$1
  shift
  local work=/tmp/dawn-bench
  mkdir -p "$work/dist/linux-x64" "$out"
  xz -dc "$PACK/node.xz" >"$work/node" && chmod +x "$work/node"
  xz -dc "$PACK/dawn.node.xz" >"$work/dist/linux-x64/dawn.node"
  export LD_LIBRARY_PATH="$PWD/$PACK${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  # Where NVIDIA's driver keeps its Vulkan ICD on these machines, if the loader finds none by itself.
  local icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
  [ -f "$icd" ] && export VK_DRIVER_FILES=$icd VK_ICD_FILENAMES=$icd
  nvidia-smi -L 2>/dev/null | tee "$out/gpu.txt" || true
  if [ "${1:-}" = --agreement ]; then
    "$work/node" "$PACK/dawnAgreement.mjs" --dawn "$work" | tee "$out/dawn-agreement.txt"
  else
    "$work/node" ${NODE_FLAGS:-} "$PACK/dawn.mjs" --dawn "$work" --json-out "$out/dawn-webgpu.json" "$@" | tee "$out/dawn-webgpu.txt"
  fi
}

case "${1:-}" in
  pack) pack ;;
  run) shift; run "$@" ;;
  *) echo "usage: $0 pack | run OUT [bench flags]" >&2; exit 2 ;;
esac
