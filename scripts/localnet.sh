#!/usr/bin/env bash
# Runs a throwaway LiteGPT network on 127.0.0.1: N validators (default 1)
# with funded test keys, in the foreground until Ctrl-C, then stops every
# node it started.
#
#   scripts/localnet.sh [--validators N] [--home DIR] [--reset] [--smoke]
#
#   --validators N  number of validators (1 for `make localnet`, 4 for
#                   `make localnet-multi`)
#   --home DIR      where node homes live (default ./.localnet)
#   --reset         delete DIR first and write a new genesis
#   --smoke         start, wait for blocks, query x/reputation and bank
#                   through the client home, stop, and exit 0 on success
#                   (used by CI)
#
# Without --reset an existing DIR is restarted from its saved state.
set -o errexit -o nounset -o pipefail

cd "$(dirname "$0")/.."
validators=1
home=./.localnet
reset=false
smoke=false
while [ $# -gt 0 ]; do
  case "$1" in
    --validators) validators="$2"; shift 2 ;;
    --home) home="$2"; shift 2 ;;
    --reset) reset=true; shift ;;
    --smoke) smoke=true; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$validators" in (''|*[!0-9]*) echo "--validators must be a number, got '$validators'" >&2; exit 2 ;; esac

bin=./build/litegptd
if [ ! -x "$bin" ]; then
  echo "building $bin"
  make --no-print-directory build
fi

if $reset; then
  rm -rf "$home"
fi
if [ ! -d "$home/node0" ]; then
  # One genesis for all nodes: the local-profile LGPT allocation, a gentx per
  # validator, 1 s blocks and a 30 s governance voting period.
  "$bin" testnet init-files --v "$validators" --output-dir "$home" --chain-id litegpt-local-1
else
  found=$(find "$home" -maxdepth 1 -name 'node*' -type d | wc -l)
  if [ "$found" -ne "$validators" ]; then
    echo "$home holds $found validators, not $validators; use --reset to start over" >&2
    exit 2
  fi
fi

pids=()
stop_nodes() {
  trap - INT TERM EXIT
  if [ ${#pids[@]} -gt 0 ]; then
    echo "stopping ${#pids[@]} node(s)"
    kill "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
}
trap stop_nodes INT TERM EXIT

for ((i = 0; i < validators; i++)); do
  "$bin" start --home "$home/node$i" >"$home/node$i.log" 2>&1 &
  pids+=($!)
done

client=(--home "$home/client")
rpc=$(sed -n 's/^node = "\(.*\)"$/\1/p' "$home/client/config/client.toml")
echo "waiting for blocks on $rpc (logs: $home/node*.log)"
height=0
for _ in $(seq 1 120); do
  height=$("$bin" "${client[@]}" status 2>/dev/null | sed -n 's/.*"latest_block_height":"\([0-9]*\)".*/\1/p' || true)
  if [ -n "$height" ] && [ "$height" -ge 3 ]; then break; fi
  for pid in "${pids[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "a node exited early; last lines of its log:" >&2
      tail -n 20 "$home"/node*.log >&2
      exit 1
    fi
  done
  sleep 0.5
done
if [ -z "$height" ] || [ "$height" -lt 3 ]; then
  echo "no blocks after 60 s; see $home/node*.log" >&2
  exit 1
fi

alice=$("$bin" "${client[@]}" keys show alice -a)
echo
echo "LiteGPT local network is producing blocks (height $height): $validators validator(s), chain-id litegpt-local-1"
for ((i = 0; i < validators; i++)); do
  base=$((26650 + 10 * i)) # ports of `testnet init-files`: +0 gRPC, +1 REST, +6 P2P, +7 RPC
  echo "  node$i  RPC tcp://127.0.0.1:$((base + 7))  REST http://127.0.0.1:$((base + 1))  gRPC 127.0.0.1:$base  log $home/node$i.log"
done
cat <<INFO
  client home: $home/client (test keyring: alice, bob, carol, validator0..; client.toml points at node0)

Try:
  $bin --home $home/client query reputation params
  $bin --home $home/client query reputation score $alice
  $bin --home $home/client query bank balances $alice
  $bin --home $home/client tx bank send alice \$($bin --home $home/client keys show bob -a) 1000000ulgpt --gas auto --gas-adjustment 1.5 --gas-prices 0.0025ulgpt -y

INFO

if $smoke; then
  compact() { tr -d ' \n'; }
  "$bin" "${client[@]}" query reputation params -o json | compact | grep -q '"decay_half_life_blocks":"'
  "$bin" "${client[@]}" query reputation score "$alice" -o json | compact | grep -q '"score":"500000"'
  "$bin" "${client[@]}" query bank total-supply -o json | compact | grep -q '"amount":"10000000000000000"'
  "$bin" "${client[@]}" query stake power-table -o json | compact | grep -q '"total_power":"[1-9]'
  echo "smoke check passed: blocks, reputation and stake queries, and the 10,000,000,000 LGPT supply"
  exit 0
fi

echo "Ctrl-C stops the network; run again without --reset to resume it."
wait "${pids[@]}"
