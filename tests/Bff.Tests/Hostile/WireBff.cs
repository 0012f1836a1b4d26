using System.Net;
using Bff.Tests.Infrastructure;
using Bff.Tests.Proxy;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Bff.Tests.Hostile;

/// <summary>
/// A BFF on real Kestrel (loopback) with a logged-in user, spoken to byte for byte; its <c>/api/**</c> route points at
/// <see cref="Upstream"/> when one is given. Started by the first test that asks, shared by the rest (a part of a
/// class fixture: the hostile catalogue and the fuzz runs).
/// </summary>
public sealed class WireBff : IAsyncDisposable
{
    private readonly BffFactory _factory = new();
    private readonly SemaphoreSlim _start = new(1, 1);
    private HostileContext? _context;

    /// <summary>The recording upstream of the proxied route, if the tests need one; set before the first start.</summary>
    public RecordingUpstream? Upstream { get; init; }

    public async Task<HostileContext> StartAsync(CancellationToken ct)
    {
        await _start.WaitAsync(ct);
        try
        {
            if (_context is null)
            {
                if (Upstream is not null)
                {
                    HostileContext.UseUpstream(_factory, Upstream);
                }

                _factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
                _factory.StartServer();
                var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
                var context = new HostileContext(_factory, new WireClient(new Uri(address)));
                await context.StartAsync(ct);
                _context = Upstream is null ? context : context.WithUpstream(Upstream);
            }

            return _context;
        }
        finally
        {
            _start.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        _start.Dispose();
    }
}
