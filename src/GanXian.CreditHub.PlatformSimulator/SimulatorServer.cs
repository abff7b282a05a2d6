using System.Net;
using System.Net.Sockets;
using GanXian.CreditHub.Platform.Contract;
using GanXian.CreditHub.PlatformSimulator.Catalogs;
using GanXian.CreditHub.PlatformSimulator.Http;
using GanXian.CreditHub.PlatformSimulator.State;
using WireMock;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace GanXian.CreditHub.PlatformSimulator;

/// <summary>
/// The simulated provincial platform: PLATFORM-API.md on WireMock.Net, stateful, with fault injection. Start one
/// per test (<see cref="Start"/>) or run it alone (Program.cs). Besides HTTP (/_sim/* for people and scripts), tests
/// use the typed members here: faults, inspection, feedback injection and tampering.
/// </summary>
public sealed partial class SimulatorServer : IAsyncDisposable, IDisposable
{
    private readonly SimulatorOptions _options;
    private readonly WireMockServer _server;
    private readonly SignatureVerifier _verifier;
    private readonly CatalogStore _catalogs = CatalogStore.Load();
    private readonly Lock _faultLock = new();
    private SimulatorFaults _faults;
    private int _errorNext, _rateLimitNext, _dropNext, _malformedNext, _unauthorizedNext, _contentHashMismatchNext;
    private long _requests, _dropped, _malformed, _serverErrors, _rateLimited, _unauthorized;
    private int _disposed;

    private SimulatorServer(SimulatorOptions options)
    {
        _options = options;
        _verifier = new SignatureVerifier(options);
        _faults = new SimulatorFaults();
        SetFaults(options.Faults);
        State = new PlatformState(options.Clock, options.StateFile);
        try
        {
            var port = options.Port == 0 ? FreePort(options.Host) : options.Port;
            _server = WireMockServer.Start(new WireMockServerSettings
            {
                Urls = [$"http://{options.Host}:{port}"],
                StartAdminInterface = false,
                DisableJsonBodyParsing = true,
                MaxRequestLogCount = 0,
                DoNotSaveDynamicResponseInLogEntry = true,
                PreWireMockMiddlewareInit = RequestScope.Install,
            });
            Url = $"http://{(options.Host is "0.0.0.0" or "*" or "+" ? "127.0.0.1" : options.Host)}:{port}";
            MapPlatform();
            MapAdmin();
        }
        catch
        {
            State.Dispose();
            throw;
        }
    }

    public static SimulatorServer Start(SimulatorOptions options) => new(options);

    /// <summary>The base URL to give the hub's client (<c>Platform:BaseUrl</c>).</summary>
    public string Url { get; }

    public string AppKey => _options.AppKey;

    public string AppSecret => _options.AppSecret;

    public PlatformState State { get; }

    public IReadOnlyList<CatalogDefinition> Catalogs => _catalogs.All;

    /// <summary>A copy of the current fault settings, counters included.</summary>
    public SimulatorFaults Faults
    {
        get
        {
            lock (_faultLock)
            {
                var f = _faults.Clone();
                (f.ErrorNext, f.RateLimitNext, f.DropNext, f.MalformedNext, f.UnauthorizedNext, f.ContentHashMismatchNext) =
                    (_errorNext, _rateLimitNext, _dropNext, _malformedNext, _unauthorizedNext, _contentHashMismatchNext);
                return f;
            }
        }
    }

    public void SetFaults(SimulatorFaults faults)
    {
        lock (_faultLock)
        {
            _faults = faults.Clone();
            (_errorNext, _rateLimitNext, _dropNext, _malformedNext, _unauthorizedNext, _contentHashMismatchNext) =
                (faults.ErrorNext, faults.RateLimitNext, faults.DropNext, faults.MalformedNext, faults.UnauthorizedNext, faults.ContentHashMismatchNext);
        }
    }

    public void ClearFaults() => SetFaults(new SimulatorFaults());

    public SimulatorStats Stats => new(State.Count, State.BatchCount, Interlocked.Read(ref _requests), Interlocked.Read(ref _dropped),
        Interlocked.Read(ref _malformed), Interlocked.Read(ref _serverErrors), Interlocked.Read(ref _rateLimited), Interlocked.Read(ref _unauthorized));

    public IReadOnlyList<StoredRecord> Records(string? catalog = null) => State.Snapshot(catalog);

    public StoredRecord? Find(string catalog, string recordId) => State.Find(catalog, recordId);

    public FeedbackItem InjectFeedback(string catalog, string recordId, string code, string message) => State.AddFeedback(catalog, recordId, code, message);

    public bool TamperDelete(string catalog, string recordId) => State.TamperDelete(catalog, recordId);

    public StoredRecord? TamperAlter(string catalog, string recordId, string? contentHash = null, string? status = null) =>
        State.TamperAlter(catalog, recordId, contentHash, status);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _server.Stop();
        _server.Dispose();
        State.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private void Map(string method, IStringMatcher path, Func<IRequestMessage, Task<IResponseMessage>> handler, int priority = 10) =>
        _server.Given(Request.Create().UsingMethod(method).WithPath(path))
            .AtPriority(priority)
            .RespondWith(Response.Create().WithCallback(handler));

    private static RegexMatcher Regex(string pattern) => new(pattern);

    private static ExactMatcher Exact(string path) => new(path);

    /// <summary>Path segments of the raw target (percent-decoded), so a recordId with reserved characters survives.</summary>
    private static string[] Segments(IRequestMessage request)
    {
        var raw = RequestScope.Current?.RawTarget ?? request.Path;
        var q = raw.IndexOf('?');
        var path = q < 0 ? raw : raw[..q];
        return path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
    }

    /// <summary>The request body: as the scope read it (POST) or as WireMock did.</summary>
    private static ReadOnlyMemory<byte> Body(IRequestMessage request) =>
        RequestScope.Current?.Body ?? request.BodyAsBytes ?? ReadOnlyMemory<byte>.Empty;

    private static string? Query(IRequestMessage request, string name) =>
        request.Query is { } q && q.TryGetValue(name, out var values) ? values.FirstOrDefault() : null;

    private static string? Header(IRequestMessage request, string name)
    {
        if (request.Headers is null)
        {
            return null;
        }

        foreach (var (key, values) in request.Headers)
        {
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return values.FirstOrDefault();
            }
        }

        return null;
    }

    private static int FreePort(string host)
    {
        using var probe = new TcpListener(IPAddress.TryParse(host, out var ip) ? ip : IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
