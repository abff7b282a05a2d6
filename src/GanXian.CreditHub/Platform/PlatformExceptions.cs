using System.Net;

namespace GanXian.CreditHub.Platform;

/// <summary>
/// Every failure of a platform call. Callers decide with <see cref="IsTransient"/>: a transient failure means "send
/// the same batch (same batchId, same body) again later" — safe because batches are idempotent; a permanent one means
/// stop and alert (a bug on the hub's side or a misconfiguration).
/// </summary>
public abstract class PlatformException(string message, Exception? inner = null) : Exception(message, inner)
{
    public abstract bool IsTransient { get; }
}

/// <summary>The platform answered, with a non-2xx status (or a 2xx whose body could not be read).</summary>
public sealed class PlatformApiException(
    HttpStatusCode status, string code, string platformMessage, string? traceId, TimeSpan? retryAfter, Exception? inner = null)
    : PlatformException($"平台返回 {(int)status} {code}: {platformMessage}" + (traceId is null ? "" : $" (traceId {traceId})"), inner)
{
    /// <summary>The code of a 2xx answer whose body is not the expected JSON (the batch may have been stored: resend it).</summary>
    public const string MalformedResponse = "MALFORMED_RESPONSE";

    public HttpStatusCode Status { get; } = status;

    /// <summary>The contract's <c>code</c> (PLATFORM-API.md §2), or <c>HTTP_nnn</c> when the body carried none.</summary>
    public string Code { get; } = code;

    public string PlatformMessage { get; } = platformMessage;

    public string? TraceId { get; } = traceId;

    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>408, 429, 5xx and unreadable 2xx bodies are worth retrying; 400/401/404/409/413 are not.</summary>
    public override bool IsTransient =>
        Status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)Status >= 500 || Code == MalformedResponse;

    /// <summary>413 BATCH_TOO_LARGE: split the batch (new batchIds) and send the parts.</summary>
    public bool IsBatchTooLarge => Status == HttpStatusCode.RequestEntityTooLarge;

    /// <summary>400 MALFORMED or 409 BATCH_CONFLICT: a bug on the hub's side (PLATFORM-API.md §2): stop the batch, log, alert.</summary>
    public bool IsHubBug => Status is HttpStatusCode.BadRequest or HttpStatusCode.Conflict;

    /// <summary>401: the signature was refused twice (the second time freshly signed): wrong key/secret or clock.</summary>
    public bool IsAuthenticationFailure => Status == HttpStatusCode.Unauthorized;
}

/// <summary>
/// No answer: the circuit breaker is open, every attempt timed out, or the connection failed after all retries.
/// Always transient; the exchange should stop the run and try again later rather than hammer the platform.
/// </summary>
public sealed class PlatformUnavailableException(string message, Exception inner) : PlatformException(message, inner)
{
    public override bool IsTransient => true;

    /// <summary>True when the circuit breaker refused the call without sending anything.</summary>
    public bool IsCircuitOpen => InnerException is Polly.CircuitBreaker.BrokenCircuitException;
}
