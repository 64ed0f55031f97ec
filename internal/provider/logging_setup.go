package provider

import "strings"

// The logging switches that terraform-plugin-go, terraform-plugin-framework
// and terraform-plugin-log document and read. Terraform decides whether
// provider logs are shown from TF_LOG and TF_LOG_PROVIDER; the provider's
// own loggers read the other four, on every RPC, each defaulting to TRACE.
const (
	envLog             = "TF_LOG"
	envLogProvider     = "TF_LOG_PROVIDER"
	envLogProviderSeam = "TF_LOG_PROVIDER_SEAM" // tflog in this provider (name from the provider type)
	envLogSDK          = "TF_LOG_SDK"           // terraform-plugin-go's root SDK logger
	envLogSDKProto     = "TF_LOG_SDK_PROTO"     // terraform-plugin-go's protocol subsystem
	envLogSDKFramework = "TF_LOG_SDK_FRAMEWORK" // terraform-plugin-framework's subsystem
)

// quietLogVars are the loggers SilenceUnrequestedLogs turns off.
var quietLogVars = []string{envLogSDK, envLogSDKProto, envLogSDKFramework, envLogProviderSeam}

// SilenceUnrequestedLogs turns the provider's loggers off, through their
// documented environment variables, when Terraform would throw their lines
// away: when neither TF_LOG nor TF_LOG_PROVIDER asks for logs (or both say
// "off").
//
// Without it the SDKs write every line at TRACE level to stderr whatever
// TF_LOG says, about a hundred JSON lines per data source read, and
// Terraform parses each of them only to drop it: at a few hundred data
// sources that is most of a plan's provider time. With TF_LOG or
// TF_LOG_PROVIDER set nothing changes, so every line is there when someone
// asks. A level the user set in one of these variables is never
// overridden. Call it in main before serving, with os.Getenv and
// os.Setenv; it returns the variables it set.
func SilenceUnrequestedLogs(getenv func(string) string, setenv func(string, string) error) []string {
	if logsRequested(getenv) {
		return nil
	}
	var set []string
	for _, name := range quietLogVars {
		if strings.TrimSpace(getenv(name)) != "" {
			continue // the user's choice
		}
		if err := setenv(name, "OFF"); err == nil {
			set = append(set, name)
		}
	}
	return set
}

// logsRequested says whether Terraform will show provider log lines.
func logsRequested(getenv func(string) string) bool {
	for _, name := range []string{envLog, envLogProvider} {
		value := strings.TrimSpace(getenv(name))
		if value != "" && !strings.EqualFold(value, "off") {
			return true
		}
	}
	return false
}
