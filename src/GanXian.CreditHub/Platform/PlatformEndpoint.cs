using Microsoft.Extensions.Options;

namespace GanXian.CreditHub.Platform;

/// <summary>
/// Where the client sends and with which credentials. Remote mode takes these from <see cref="PlatformOptions"/>;
/// in EmbeddedSimulator mode <see cref="EmbeddedSimulator"/> fills them in when it has started a simulator, so the
/// secret exists only in memory for that run.
/// </summary>
public sealed class PlatformEndpoint
{
    private volatile Credentials? _current;

    public PlatformEndpoint(IOptions<PlatformOptions> options)
    {
        var o = options.Value;
        if (o.IsRemote)
        {
            _current = new Credentials(new Uri(o.BaseUrl, UriKind.Absolute), o.AppKey, o.AppSecret);
        }
    }

    public sealed record Credentials(Uri BaseUri, string AppKey, string AppSecret);

    public Credentials Current => _current
        ?? throw new InvalidOperationException("Platform:Mode 为 EmbeddedSimulator，但内置模拟平台尚未启动（先调用 EmbeddedSimulator.StartIfConfiguredAsync）");

    public bool IsSet => _current is not null;

    internal void Set(Credentials credentials) => _current = credentials;

    internal void Clear(Credentials credentials) => Interlocked.CompareExchange(ref _current, null, credentials);
}
