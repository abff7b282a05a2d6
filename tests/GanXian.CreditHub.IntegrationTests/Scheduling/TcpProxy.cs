using System.Net;
using System.Net.Sockets;

namespace GanXian.CreditHub.IntegrationTests.Scheduling;

/// <summary>
/// Stands between one hub node and PostgreSQL so a test can kill the node the way a crash or a pulled cable does:
/// <see cref="Cut"/> drops every connection at once, the server ends the node's sessions (its advisory locks go with
/// them), and nothing the node does afterwards reaches the database.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly List<TcpClient> _clients = [];
    private readonly CancellationTokenSource _cut = new();
    private readonly Task _accepting;

    public TcpProxy(string host, int port)
    {
        _target = new IPEndPoint(IPAddress.Parse(host), port);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private async Task AcceptAsync()
    {
        while (!_cut.IsCancellationRequested)
        {
            TcpClient inbound;
            try
            {
                inbound = await _listener.AcceptTcpClientAsync(_cut.Token);
            }
            catch (Exception) when (_cut.IsCancellationRequested)
            {
                return;
            }

            var outbound = new TcpClient();
            try
            {
                await outbound.ConnectAsync(_target, _cut.Token);
            }
            catch (Exception)
            {
                inbound.Dispose();
                outbound.Dispose();
                continue;
            }

            lock (_clients)
            {
                _clients.Add(inbound);
                _clients.Add(outbound);
            }

            _ = Pump(inbound.GetStream(), outbound.GetStream());
            _ = Pump(outbound.GetStream(), inbound.GetStream());
        }
    }

    private async Task Pump(NetworkStream from, NetworkStream to)
    {
        try
        {
            await from.CopyToAsync(to, _cut.Token);
        }
        catch (Exception)
        {
            // A cut or a closed peer ends the pump.
        }
    }

    public void Cut()
    {
        _cut.Cancel();
        _listener.Stop();
        lock (_clients)
        {
            foreach (var c in _clients)
            {
                c.Client.LingerState = new LingerOption(true, 0);
                c.Dispose();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_cut.IsCancellationRequested)
        {
            Cut();
        }

        await _accepting;
    }
}
