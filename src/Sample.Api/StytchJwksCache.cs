using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Sample.Api;

/// <summary>
/// The signing keys of Stytch session JWTs. Stytch publishes them as a bare JWKS (<c>{"keys": [...], "request_id",
/// "status_code"}</c>, no OpenID discovery document). Fetched on first use and kept for an hour; a token whose
/// <c>kid</c> is not among them makes it fetch again before that token is validated (at most every 30 s, so random
/// <c>kid</c>s cannot hammer Stytch), so a Stytch key rotation costs no refused request. If Stytch cannot be reached,
/// the keys already known stay in use.
/// </summary>
/// <remarks>
/// Why not Microsoft.IdentityModel's <c>ConfigurationManager</c> (with a JWKS retriever): since 8.x, after
/// <c>RequestRefresh()</c> it fetches in the background and keeps answering with the old keys, so the first token signed
/// with a rotated key is refused (401 "The signature key was not found"); only a process-wide AppContext switch makes it
/// block. Tried on 2026-12-04 with 8.19.2: <c>SampleApiWithEmulatorTests.AnEmulatorSessionJwtIsAcceptedAlsoAfterAKeyRotation</c>
/// fails with it and passes with this class.
/// </remarks>
internal sealed class StytchJwksCache(Uri jwksUrl, TimeProvider time) : IConfigurationManager<OpenIdConnectConfiguration>, IDisposable
{
    private static readonly TimeSpan KeepFor = TimeSpan.FromHours(1);
    private static readonly TimeSpan UnknownKidInterval = TimeSpan.FromSeconds(30);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly SemaphoreSlim _fetch = new(1, 1);
    private volatile OpenIdConnectConfiguration? _current;
    private long _fetchedAtTicks;
    private long _forcedFetchAtTicks = DateTimeOffset.MinValue.UtcTicks;
    private volatile bool _refreshRequested;

    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        var current = _current;
        if (current is not null && !_refreshRequested && time.GetUtcNow().UtcTicks - Interlocked.Read(ref _fetchedAtTicks) < KeepFor.Ticks)
        {
            return current;
        }

        return await FetchAsync(current, cancel);
    }

    /// <summary>Fetches the keys again, now, if <paramref name="kid"/> is not among them (rate-limited).</summary>
    public async Task EnsureKeyAsync(string? kid, CancellationToken cancel)
    {
        var current = await GetConfigurationAsync(cancel);
        if (kid is null || current.SigningKeys.Any(k => k.KeyId == kid) || !TryStartForcedFetch())
        {
            return;
        }

        await FetchAsync(current, cancel);
    }

    /// <summary>Called by JwtBearer when a signature key was not found: the next request fetches again (rate-limited too).</summary>
    public void RequestRefresh() => TryStartForcedFetch();

    public void Dispose()
    {
        _http.Dispose();
        _fetch.Dispose();
    }

    /// <summary>At most one fetch out of turn (unknown kid, or JwtBearer's refresh request) per 30 s.</summary>
    private bool TryStartForcedFetch()
    {
        var now = time.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref _forcedFetchAtTicks);
        if (now - last < UnknownKidInterval.Ticks || Interlocked.CompareExchange(ref _forcedFetchAtTicks, now, last) != last)
        {
            return false;
        }

        _refreshRequested = true;
        return true;
    }

    private async Task<OpenIdConnectConfiguration> FetchAsync(OpenIdConnectConfiguration? seen, CancellationToken cancel)
    {
        await _fetch.WaitAsync(cancel);
        try
        {
            if (_current is { } fresher && !ReferenceEquals(fresher, seen))
            {
                return fresher; // another request fetched while this one waited
            }

            try
            {
                var keys = new JsonWebKeySet(await _http.GetStringAsync(jwksUrl, cancel));
                var configuration = new OpenIdConnectConfiguration { JsonWebKeySet = keys };
                foreach (var key in keys.GetSigningKeys())
                {
                    configuration.SigningKeys.Add(key);
                }

                _current = configuration;
                return configuration;
            }
            catch (Exception ex) when (_current is not null && ex is HttpRequestException or TaskCanceledException or ArgumentException)
            {
                return _current; // keep validating with the keys already known
            }
            finally
            {
                // Also after a failure: keep the known keys, try again in an hour or at the next forced fetch.
                Interlocked.Exchange(ref _fetchedAtTicks, time.GetUtcNow().UtcTicks);
                _refreshRequested = false;
            }
        }
        finally
        {
            _fetch.Release();
        }
    }
}
