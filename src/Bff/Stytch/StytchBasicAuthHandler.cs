using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;

namespace Bff.Stytch;

/// <summary>Adds HTTP Basic <c>project_id:secret</c> to every Stytch request.</summary>
internal sealed class StytchBasicAuthHandler(IOptionsMonitor<StytchOptions> options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{o.ProjectId}:{o.Secret}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        return base.SendAsync(request, cancellationToken);
    }
}
