namespace GanXian.CreditHub.Identity;

/// <summary>Settings under <c>Identity</c>. All have safe defaults except the bootstrap administrator, which has none.</summary>
public sealed class HubIdentityOptions
{
    public const string Section = "Identity";

    public LockoutOptions Lockout { get; set; } = new();

    public PasswordOptions Password { get; set; } = new();

    public CookieOptions Cookie { get; set; } = new();

    public ApiKeyOptions ApiKeys { get; set; } = new();

    public BootstrapAdminOptions BootstrapAdmin { get; set; } = new();

    public sealed class LockoutOptions
    {
        /// <summary>Consecutive wrong passwords that lock the account.</summary>
        public int MaxFailedAttempts { get; set; } = 5;

        public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(15);
    }

    public sealed class PasswordOptions
    {
        public int MinimumLength { get; set; } = 12;
    }

    public sealed class CookieOptions
    {
        /// <summary>A sign-in ends after this long without a request (sliding).</summary>
        public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);
    }

    public sealed class ApiKeyOptions
    {
        /// <summary>Lifetime of a key created without <c>--expires</c>.</summary>
        public int DefaultLifetimeDays { get; set; } = 365;
    }

    /// <summary>Creates the first administrator at start when none exists. Set both from the environment or a secret store.</summary>
    public sealed class BootstrapAdminOptions
    {
        public string? UserName { get; set; }

        public string? Password { get; set; }
    }
}
