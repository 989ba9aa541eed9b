#!/usr/bin/env bash
# Copies the third-party .proto files LiteGPT's protos import out of the Go
# module cache into third_party/proto, so that `make proto-gen` needs no
# network beyond the Go module proxy. Versions follow go.mod.
set -o errexit -o nounset -o pipefail

cd "$(dirname "$0")/.."
dest=third_party/proto

module_dir() { go mod download -json "$1" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p'; }
version_of() { go list -m -f '{{.Version}}' "$1"; }

sdk=$(module_dir "github.com/cosmos/cosmos-sdk@$(version_of github.com/cosmos/cosmos-sdk)")
gogo=$(module_dir "github.com/cosmos/gogoproto@$(version_of github.com/cosmos/gogoproto)")
cosmosproto=$(module_dir "github.com/cosmos/cosmos-proto@$(version_of github.com/cosmos/cosmos-proto)")
gateway=$(module_dir "github.com/grpc-ecosystem/grpc-gateway@$(version_of github.com/grpc-ecosystem/grpc-gateway)")

rm -rf "$dest"
mkdir -p "$dest/gogoproto" "$dest/cosmos_proto" "$dest/google/api"
cp -r "$sdk/proto/cosmos" "$sdk/proto/amino" "$sdk/proto/tendermint" "$dest/"
cp "$gogo/gogoproto/gogo.proto" "$dest/gogoproto/"
cp "$cosmosproto/proto/cosmos_proto/cosmos.proto" "$dest/cosmos_proto/"
cp "$gateway/third_party/googleapis/google/api/annotations.proto" \
   "$gateway/third_party/googleapis/google/api/http.proto" "$dest/google/api/"
chmod -R u+w "$dest"
echo "vendored third-party protos into $dest"
