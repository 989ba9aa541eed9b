#!/usr/bin/env bash
# Runs the README's first Data Market deal ("The markets: a task, a model
# and two Data Market deals") against a fresh `make localnet RESET=1` in
# another terminal, step by step with the README's commands, and checks
# the outcome: the deal SETTLED, and the escrow ledger holding carol's
# 19.2 LGPT to the last ulgpt (1.6 refunded, 7.88 + 0.04 + 0.08 paid,
# 9.6 held). About two minutes (the deal's 30-block windows).
#
#   scripts/market-walkthrough.sh [--home .localnet/client]
set -o errexit -o nounset -o pipefail

cd "$(dirname "$0")/.."
home=.localnet/client
case "${1:-}" in
  --home) home="$2" ;;
  -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
  "") ;;
  *) echo "unknown argument $1 (see --help)" >&2; exit 2 ;;
esac
B=./build/litegptd
C="--home $home"
G="--gas auto --gas-adjustment 1.5 --gas-prices 0.0025ulgpt -y"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

[ -x "$B" ] || fail "$B is missing: run make build"
$B $C status >/dev/null 2>&1 || fail "no node answers for $home: start make localnet RESET=1 first"
[ "$($B $C query buildermarket tasks -o json | json 'len(d.get("tasks", []))')" = 0 ] ||
  fail "the network already has tasks: the walkthrough's ids need a fresh make localnet RESET=1"

# tx runs one transaction and waits for its block, failing on any error.
tx() {
  local out hash
  out=$($B $C tx "$@" $G -o json 2>/dev/null) || fail "tx $*"
  [ "$(echo "$out" | json 'd["code"]')" = 0 ] || fail "tx $*: $(echo "$out" | json 'd["raw_log"]')"
  hash=$(echo "$out" | json 'd["txhash"]')
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    sleep 1
    if out=$($B $C query tx "$hash" -o json 2>/dev/null); then
      [ "$(echo "$out" | json 'd["code"]')" = 0 ] || fail "tx $* in block: $(echo "$out" | json 'd["raw_log"]')"
      echo "ok  tx $1 $2"
      return
    fi
  done
  fail "tx $* not in a block after 10 s"
}

D=sidecar/datasets/uci-digits/digits.csv.gz
$B market encode-csv $D $W/digits.leaves --batch-size 32 --format Q8.8 --rounding nearest-even >/dev/null
$B market dataset-commitment --split $W/digits.leaves --slices 2 --test-leaves 8 --out-dir $W/task >$W/commitments.txt
TEST=$(sed -n '/test_set_commitment/{n;p}' $W/commitments.txt | tr -d ' ')
read -r S0 S1 <<<"$(sed -n '/validation_commitments/{n;p;n;p}' $W/commitments.txt | tr -d ' ' | tr '\n' ' ')"
tx buildermarket create-task "UCI digits" "$TEST" "$S0" "$S1" \
  --input '{"features":64,"min_raw":"0","max_raw":"4096"}' --label '{"kind":"LABEL_KIND_CLASSIFICATION","classes":10}' \
  --batch-size 32 --metric accuracy --direction higher-is-better --format '{"bits":16,"frac":8}' \
  --rounding nearest-even --epoch-blocks 30 --from alice
P=/p2p/12D3KooWPjceQrSwdWXPyLLeABRXmuqt69Rg3sBYbU1Nft9HyQ6X
PROFILE='{"memory_bytes":"17179869184","milli_tflops":"8000","bandwidth_bps":"1000000000"}'
tx stake register /ip4/127.0.0.1/tcp/4001$P "$(head -c 32 /dev/urandom | base64)" data-node 1000000000ulgpt --profile "$PROFILE" --from bob
tx stake register /ip4/127.0.0.1/tcp/4002$P "$(head -c 32 /dev/urandom | base64)" learner 10000000000ulgpt --profile "$PROFILE" --from carol
tx stake register /ip4/127.0.0.1/tcp/4003$P "$(head -c 32 /dev/urandom | base64)" router 5000000000ulgpt --profile "$PROFILE" --from alice
tx stake bond builder 5000000000ulgpt --from alice
tx buildermarket register-model 1 logreg '{"family":"MODEL_FAMILY_LOGISTIC_REGRESSION"}' \
  AOufNV+Mcadx518l7gXQSeCb7YCnQQhKd9xvcNGG9Ro= --format '{"bits":16,"frac":8}' --royalty-bps 250 --from alice

EXPIRY=$(( $($B $C status | json 'd["sync_info"]["latest_block_height"]') + 2000 ))
ROOT=$($B market data-root $W/digits.leaves | sed -n 's/^data root base64: *//p')
tx datamarket post-offer data 1 "$ROOT" 56 1000000 $EXPIRY --from bob
tx datamarket post-bid data 1 16 1200000 $EXPIRY --from carol
tx datamarket match 2 1 --leaves 8 --from alice
$B market deliver $W/digits.leaves --deal 1 --start 0 --count 8 --out $W/deal-1.delivery >$W/deliver.txt
KEY_HASH=$(sed -n 's/^key hash: *//p' $W/deliver.txt)
CT_ROOT=$(sed -n 's/^ciphertext root: *//p' $W/deliver.txt)
tx datamarket deliver 1 "$KEY_HASH" "$CT_ROOT" --from bob
$B market check-delivery $W/deal-1.delivery --ciphertext-root "$CT_ROOT" >/dev/null || fail "check-delivery"
tx datamarket accept-delivery 1 --from carol
tx datamarket reveal-key 1 "$(cat $W/deal-1.delivery.key)" --from bob
KEY=$($B $C query datamarket deal 1 -o json | json 'd["deal"]["key"]')
$B market open $W/deal-1.delivery --key "$KEY" --data-root "$ROOT" --tree-leaves 56 --batch-size 32 --features 64 \
  --format Q8.8 --classes 10 --ciphertext-root "$CT_ROOT" --deal 1 --start 0 --out $W/bought.leaves >/dev/null || fail "market open"
echo "ok  market open: 8 chunks are leaves 0..7"

echo "waiting for the 30-block dispute window"
for _ in $(seq 60); do
  status=$($B $C query datamarket deal 1 -o json | json 'd["deal"]["status"]')
  [ "$status" = DEAL_STATUS_SETTLED ] && break
  sleep 1
done
[ "$status" = DEAL_STATUS_SETTLED ] || fail "deal 1 is $status after 60 s, want DEAL_STATUS_SETTLED"
echo "ok  deal 1 SETTLED"
got=$($B $C query datamarket ledger -o json | json '" ".join(d["ledger"][k] for k in ["escrowed","refunded_orders","refunded_deals","paid_to_sellers","router_fees","protocol_fees"]) + " " + d["held"]')
want="19200000 1600000 0 7880000 40000 80000 9600000"
[ "$got" = "$want" ] || fail "ledger (escrowed refunded_orders refunded_deals paid_to_sellers router_fees protocol_fees held) is $got, want $want"
echo "ok  ledger: $want"
echo "walkthrough passed"
