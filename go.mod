module github.com/litegpt/litegpt

go 1.26.5

require (
	github.com/cometbft/cometbft v0.39.4
	github.com/cosmos/cosmos-sdk v0.54.4
	github.com/cosmos/gogoproto v1.7.2
	github.com/cosmos/ibc-go/v11 v11.2.0
	github.com/grpc-ecosystem/grpc-gateway v1.16.0
	github.com/spf13/cobra v1.10.2
)

require (
	github.com/cosmos/cosmos-proto v1.0.0-beta.5 // indirect
	github.com/inconshreveable/mousetrap v1.1.0 // indirect
	github.com/spf13/pflag v1.0.10 // indirect
	google.golang.org/protobuf v1.36.11 // indirect
)

replace (
	// use the Cosmos fork of keyring, as the SDK does
	github.com/99designs/keyring => github.com/cosmos/keyring v1.2.0
	// the SDK's pinned goleveldb (the upstream tag is broken)
	github.com/syndtr/goleveldb => github.com/syndtr/goleveldb v1.0.1-0.20210819022825-2ae1ddf74ef7
)
