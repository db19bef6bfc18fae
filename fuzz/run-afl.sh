#!/usr/bin/env bash
# Coverage-guided fuzzing of HeaderGen with AFL++ and SharpFuzz.
#   fuzz/run-afl.sh decoder 600     # the decoder and header readers, for 600 seconds
#   fuzz/run-afl.sh host 600        # a host's and a router's receive paths
# Crashes land in fuzz/findings/<target>/default/crashes; each one becomes a regression test with its bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:-decoder}
seconds=${2:-300}
out=fuzz/out/$target

command -v afl-fuzz >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++; }
dotnet tool restore >/dev/null
rm -rf "$out"
dotnet publish fuzz/HeaderGen.Fuzz -c Release -o "$out/bin" >/dev/null
# Seeds first: instrumented assemblies run only under afl-fuzz.
dotnet "$out/bin/HeaderGen.Fuzz.dll" seeds "$target" "$out/seeds"
# AFL needs coverage from the code under test: SharpFuzz instruments the assemblies in place.
for dll in HeaderGen.dll HeaderGen.Stack.dll; do
  dotnet sharpfuzz "$out/bin/$dll"
done
# A new run starts fresh; an earlier run's findings are kept beside it, named for when they were moved.
if [ -d "fuzz/findings/$target" ]; then
  mv "fuzz/findings/$target" "fuzz/findings/$target.$(date +%Y%m%d-%H%M%S)"
fi
mkdir -p "fuzz/findings/$target"
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1
afl-fuzz -V "$seconds" -t 5000 -m none -i "$out/seeds" -o "fuzz/findings/$target" -- dotnet "$out/bin/HeaderGen.Fuzz.dll" afl "$target"
