// Command terraform-provider-seam is the Terraform provider for the Seam API.
package main

import (
	"flag"
	"log"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6/tf6server"

	"github.com/seamapi/terraform-provider-seam/internal/provider"
	"github.com/seamapi/terraform-provider-seam/internal/rpcctx"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

const address = "registry.terraform.io/seamapi/seam"

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers such as delve")
	flag.Parse()

	var opts []tf6server.ServeOpt
	if debug {
		opts = append(opts, tf6server.WithManagedDebug())
	} else {
		// Unless TF_LOG or TF_LOG_PROVIDER asks for logs, turn the SDKs'
		// and the provider's loggers off: Terraform would parse every line
		// only to drop it. In debug mode the developer reads stderr
		// directly, so the loggers stay as they are.
		provider.SilenceUnrequestedLogs(os.Getenv, os.Setenv)
	}

	// What providerserver.Serve does for protocol 6, with one addition:
	// rpcctx releases each RPC's context when it returns, which the
	// framework would otherwise keep until the process exits.
	err := tf6server.Serve(address, func() tfprotov6.ProviderServer {
		return rpcctx.Wrap(providerserver.NewProtocol6(provider.New(version)())())
	}, opts...)
	if err != nil {
		log.Fatal(err.Error())
	}
}
