using Microsoft.Extensions.Options;

namespace Bff.Stytch;

/// <summary>Checks the Stytch settings at start-up and says exactly what to set.</summary>
internal sealed class StytchOptionsValidator : IValidateOptions<StytchOptions>
{
    public ValidateOptionsResult Validate(string? name, StytchOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ProjectId))
        {
            failures.Add("Stytch:ProjectId is missing. Set it in appsettings.json or as the environment variable Stytch__ProjectId (your project id from the Stytch dashboard, e.g. project-test-…).");
        }

        if (string.IsNullOrWhiteSpace(options.Secret))
        {
            failures.Add("Stytch:Secret is missing. Set the environment variable Stytch__Secret or run 'dotnet user-secrets set Stytch:Secret <secret> --project src/Bff'. Never commit it.");
        }

        if (options.BaseUrl is { } url && (!url.IsAbsoluteUri || url.Scheme is not ("https" or "http")))
        {
            failures.Add("Stytch:BaseUrl must be an absolute http(s) URL, e.g. https://test.stytch.com.");
        }

        if (options.BrowserBaseUrl is { } browser && (!browser.IsAbsoluteUri || browser.Scheme is not ("https" or "http")))
        {
            failures.Add("Stytch:BrowserBaseUrl must be an absolute http(s) URL the browser can reach, e.g. http://localhost:9010/, or unset (then Stytch:BaseUrl is used).");
        }

        if (options.AttemptTimeout > options.TotalTimeout)
        {
            failures.Add("Stytch:AttemptTimeout must not be longer than Stytch:TotalTimeout.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
