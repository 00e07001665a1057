#!/bin/sh
# Prepares OpenStack Rally (3.3, from Debian: apt-get install rally) to run
# the benchmark's task files locally: a config pointing Rally's database at
# a SQLite file in DIR, the database itself, and an empty environment named
# "local" (Dummy and HttpRequests scenarios need no cloud). Each step runs
# only when its result is missing, so calling it again is cheap.
#
# Usage: bench/rally/setup.sh [DIR]    (default: ${TMPDIR:-/tmp}/brunt-bench-rally)
# Prints the config file to pass as: rally --config-file FILE ...
set -eu
dir=${1:-${TMPDIR:-/tmp}/brunt-bench-rally}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
conf="$dir/rally.conf"
log="$dir/setup.log"
if [ ! -f "$conf" ]; then
  printf '[DEFAULT]\n[database]\nconnection = sqlite:///%s/rally.db\n' "$dir" >"$conf"
fi
if [ ! -f "$dir/rally.db" ]; then
  rally --config-file "$conf" db create >>"$log" 2>&1
fi
if ! rally --config-file "$conf" env show local >/dev/null 2>&1; then
  echo '{}' >"$dir/env.json"
  rally --config-file "$conf" env create --name local --spec "$dir/env.json" >>"$log" 2>&1
fi
echo "$conf"
