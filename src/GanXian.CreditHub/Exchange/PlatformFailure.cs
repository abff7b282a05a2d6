using System.Net;
using System.Net.Sockets;
using Refit;

namespace GanXian.CreditHub.Exchange;

public enum PlatformFailureKind
{
    /// <summary>Try again later: timeouts, 5xx, 429, a dropped connection. The records stay pending.</summary>
    Transient,

    /// <summary>The client's circuit breaker is open: end the run cleanly.</summary>
    CircuitOpen,

    /// <summary>The platform refuses the request as such (400 MALFORMED, 409 BATCH_CONFLICT, 401 after re-signing): a bug or a credential problem; alert.</summary>
    Permanent,
}

/// <summary>Sorts a failed platform call into what the exchange does next.</summary>
public static class PlatformFailure
{
    public static PlatformFailureKind Classify(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            // Polly's BrokenCircuitException / IsolatedCircuitException, without taking a dependency on Polly here.
            if (e.GetType().Name.Contains("Circuit", StringComparison.Ordinal))
            {
                return PlatformFailureKind.CircuitOpen;
            }

            // The platform client's typed exception says itself whether a retry can help.
            if (e.GetType().GetProperty("IsTransient")?.GetValue(e) is bool transient)
            {
                return transient ? PlatformFailureKind.Transient : PlatformFailureKind.Permanent;
            }

            switch (e)
            {
                case ApiException api:
                    return IsTransient(api.StatusCode) ? PlatformFailureKind.Transient : PlatformFailureKind.Permanent;
                case HttpRequestException { StatusCode: { } status }:
                    return IsTransient(status) ? PlatformFailureKind.Transient : PlatformFailureKind.Permanent;
                case HttpRequestException or IOException or SocketException or TimeoutException or TaskCanceledException:
                    return PlatformFailureKind.Transient;
            }
        }

        return PlatformFailureKind.Permanent;
    }

    private static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout;

    /// <summary>A short description for operators (no bodies: they may hold personal data).</summary>
    public static string Describe(Exception ex) => ex switch
    {
        ApiException api => $"HTTP {(int)api.StatusCode} {api.ReasonPhrase}",
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };
}
