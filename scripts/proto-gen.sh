#!/usr/bin/env bash
# Generates Go code (gogoproto via protoc-gen-gocosmos, REST gateways via
# grpc-gateway v1) from proto/ and copies it into the source tree. buf and
# both plugins are pinned in tools/go.mod; nothing is fetched from buf.build.
set -o errexit -o nounset -o pipefail

cd "$(dirname "$0")/.."
bin="$PWD/.bin"
mkdir -p "$bin"
for tool in github.com/bufbuild/buf/cmd/buf \
            github.com/cosmos/gogoproto/protoc-gen-gocosmos \
            github.com/grpc-ecosystem/grpc-gateway/protoc-gen-grpc-gateway; do
  go build -modfile=tools/go.mod -o "$bin/" "$tool"
done
export PATH="$bin:$PATH"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

buf format --write proto
buf lint
buf generate --template buf.gen.gogo.yaml --output "$out" proto

# gocosmos ignores module=, so the output is laid out by import path.
generated="$out/github.com/litegpt/litegpt"
find . \( -path ./third_party -o -path ./.bin -o -path ./.git \) -prune -o \
  \( -name '*.pb.go' -o -name '*.pb.gw.go' \) -print | xargs -r rm -f
cp -r "$generated"/. ./
echo "generated: $(cd "$generated" && find . -name '*.go' | sort | tr '\n' ' ')"
