using Microsoft.Extensions.Options;

namespace Bff.Security;

internal sealed class BffOptionsValidator : IValidateOptions<BffOptions>
{
    public ValidateOptionsResult Validate(string? name, BffOptions options)
    {
        var failures = new List<string>();
        if (options.PublicOrigin is null)
        {
            failures.Add("Bff:PublicOrigin is missing. Set it to the SPA's https origin, e.g. https://app.example.com (environment variable Bff__PublicOrigin).");
        }

        foreach (var (key, origin) in new[] { ("Bff:PublicOrigin", options.PublicOrigin) }
                     .Concat(options.AllowedOrigins.Select((o, i) => ($"Bff:AllowedOrigins:{i}", (Uri?)o))))
        {
            if (origin is null)
            {
                continue;
            }

            if (!origin.IsAbsoluteUri || origin.AbsolutePath != "/" || !string.IsNullOrEmpty(origin.Query) || !string.IsNullOrEmpty(origin.Fragment))
            {
                failures.Add($"{key} must be an origin only (scheme://host[:port]), without a path, query or fragment; got '{origin}'.");
            }
            else if (origin.Scheme != Uri.UriSchemeHttps && !(origin.Scheme == Uri.UriSchemeHttp && origin.IsLoopback))
            {
                failures.Add($"{key} must use https (http is accepted only for localhost); got '{origin}'.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
