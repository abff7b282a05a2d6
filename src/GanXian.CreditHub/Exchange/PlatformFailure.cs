using GanXian.CreditHub.Platform;

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
    public static PlatformFailureKind Classify(Exception ex) => ex switch
    {
        PlatformUnavailableException { IsCircuitOpen: true } => PlatformFailureKind.CircuitOpen,
        PlatformException { IsTransient: true } => PlatformFailureKind.Transient,
        PlatformException => PlatformFailureKind.Permanent,
        HttpRequestException or IOException or TimeoutException or TaskCanceledException => PlatformFailureKind.Transient,
        _ => PlatformFailureKind.Permanent,
    };

    /// <summary>A short description for operators (the client's messages carry no bodies, so no personal data).</summary>
    public static string Describe(Exception ex) => ex is PlatformException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
}
