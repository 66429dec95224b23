#!/usr/bin/env bash
# Builds the mod for one Factorio version: package.sh 2.0|1.1 [OUTDIR] -> OUTDIR/factorio-isr_<version>.zip
# (a zip holding factorio-isr_<version>/), the same files with info.json's factorio_version set. Needs python3.
set -euo pipefail
cd "$(dirname "$0")"
factorio=${1:?usage: package.sh 2.0|1.1 [OUTDIR]}
out=${2:-dist}
case "$factorio" in 1.1|2.0) ;; *) echo "package.sh: factorio version must be 1.1 or 2.0" >&2; exit 2 ;; esac
mkdir -p "$out"
python3 - "$factorio" "$out" <<'PY'
import json, os, sys, zipfile
factorio, out = sys.argv[1], sys.argv[2]
info = json.load(open("info.json", encoding="utf-8"))
info["factorio_version"] = factorio
folder = f"{info['name']}_{info['version']}"
target = os.path.join(out, folder + ".zip")
with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr(folder + "/info.json", json.dumps(info, indent=2) + "\n")
    for name in ["control.lua", "settings.lua", "changelog.txt", "thumbnail.png", "README.md", "locale/en/locale.cfg"]:
        z.write(name, folder + "/" + name)
print(target)
PY
