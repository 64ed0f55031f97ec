package main

// The registry docs in docs/ are generated from the schema descriptions,
// templates/ and examples/: run `make docs` (or `go generate ./...`), never
// edit docs/ by hand. tfplugindocs is a Go tool of this module (go.mod's
// tool directive), so no separate install is needed.
//go:generate go tool tfplugindocs generate --provider-name seam
