#!/usr/bin/env bash
# Prepares the committed text generators of the built-in benchmark tasks (see docs/data.md). Run
# once, by a maintainer, on a Debian machine; the generators are committed, so builds never need
# Debian packages. The corpus they are fitted from stays in a temporary folder: no row of it is
# committed, and every row of a task (training, public, held-out) is sampled from the generator.
#
#   bundles/ai-tasks/prepare-data.sh            # installs the sources it needs (root), then prepares
#
# Output: src/main/resources/org/qenex/ai/tasks/internal/{language,code}.gen.gz
# Deterministic: the same package versions give byte-identical files (gzip without timestamps).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/src/main/resources/org/qenex/ai/tasks/internal"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Language: one Debian fortunes package per language. fortunes-fr is not in Debian 12.
declare -A packages=([en]=fortunes [de]=fortunes-de [es]=fortunes-es [it]=fortunes-it [pt]=fortunes-br
                     [pl]=fortunes-pl [cs]=fortunes-cs)
missing=()
for lang in "${!packages[@]}"; do
  dpkg -s "${packages[$lang]}" >/dev/null 2>&1 || missing+=("${packages[$lang]}")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
# Each package's own fortune files, without the offensive sections, index files and ASCII art.
for lang in $(printf '%s\n' "${!packages[@]}" | sort); do
  pkg="${packages[$lang]}"
  dpkg -L "$pkg" | grep '^/usr/share/games/fortunes/' | grep -v -E '\.(dat|u8)$|/off/|art$|banner$|-pre$|/cz/|/sk/|-sk$' |
    while read -r f; do
      if [ -f "$f" ] && [ ! -L "$f" ]; then printf '%s\t%s\t%s\n' "$lang" "$pkg" "$f"; fi
    done
done > "$work/language-files.tsv"
for lang in "${!packages[@]}"; do
  dpkg-query -W -f='${Package}\t${Version}\n' "${packages[$lang]}"
done | sort > "$work/language-packages.tsv"

# Code: Weka's own sources, from Maven Central.
weka_sources="$HOME/.m2/repository/nz/ac/waikato/cms/weka/weka-stable/3.8.6/weka-stable-3.8.6-sources.jar"
if [ ! -f "$weka_sources" ]; then
  mvn -q -B dependency:get -Dartifact=nz.ac.waikato.cms.weka:weka-stable:3.8.6:jar:sources
fi

mkdir -p "$out" "$work/corpus"
java "$here/prepare/PrepareData.java" "$work/language-files.tsv" "$weka_sources" "$work/corpus"
# Per label: character 4-grams of the quotes, token trigrams of the code windows.
java "$here/prepare/FitTextGenerators.java" "$work/corpus/language.tsv.gz" char 4 "$out/language.gen.gz"
java "$here/prepare/FitTextGenerators.java" "$work/corpus/code.tsv.gz" token 3 "$out/code.gen.gz"
echo "Packages used:"; cat "$work/language-packages.tsv"
sha256sum "$out"/*.gen.gz
