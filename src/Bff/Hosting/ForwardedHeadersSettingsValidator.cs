using System.Net;
using Microsoft.Extensions.Options;

namespace Bff.Hosting;

internal sealed class ForwardedHeadersSettingsValidator : IValidateOptions<ForwardedHeadersSettings>
{
    public ValidateOptionsResult Validate(string? name, ForwardedHeadersSettings options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.KnownProxies.Count; i++)
        {
            if (!IPAddress.TryParse(options.KnownProxies[i], out _))
            {
                failures.Add($"ForwardedHeaders:KnownProxies:{i} must be an IP address such as 10.0.0.5; got '{options.KnownProxies[i]}'.");
            }
        }

        for (var i = 0; i < options.KnownNetworks.Count; i++)
        {
            if (!IPNetwork.TryParse(options.KnownNetworks[i], out _))
            {
                failures.Add($"ForwardedHeaders:KnownNetworks:{i} must be a network in CIDR notation such as 10.0.0.0/8; got '{options.KnownNetworks[i]}'.");
            }
        }

        if (options.ForwardLimit is < 1 or > 10)
        {
            failures.Add("ForwardedHeaders:ForwardLimit must be between 1 and 10 (the number of proxies in front of the BFF).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
