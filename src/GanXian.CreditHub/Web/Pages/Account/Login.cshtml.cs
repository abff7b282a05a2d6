using GanXian.CreditHub.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace GanXian.CreditHub.Web.Pages.Account;

[AllowAnonymous]
public sealed class LoginModel(UserAccounts accounts, IOptions<HubIdentityOptions> options) : PageModel
{
    /// <summary>Null when the field is left empty (model binding makes an empty value null).</summary>
    [BindProperty]
    public string? UserName { get; set; }

    /// <summary>Bound from the form, never written back into the page.</summary>
    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public IActionResult OnGet() =>
        User.Identity?.IsAuthenticated == true && User.Identity.AuthenticationType == IdentityComposition.CookieScheme
            ? LocalRedirect(SafeReturnUrl())
            : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var password = Password;
        Password = null;
        var result = await accounts.SignInAsync(UserName, password, HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
        if (result is { Outcome: SignInOutcome.Success, User: { } user })
        {
            await CookieSignIn.SignInAsync(HttpContext, user);
            return LocalRedirect(SafeReturnUrl());
        }

        Error = result.Outcome switch
        {
            SignInOutcome.LockedOut =>
                $"登录失败次数过多，账户已被锁定 {Math.Ceiling(options.Value.Lockout.Duration.TotalMinutes)} 分钟。请稍后再试，或联系系统管理员解锁。",
            SignInOutcome.Disabled => "该账户已停用，请联系系统管理员。",
            SignInOutcome.Required => UserAccounts.SignInRequired(UserName, password),
            _ => "用户名或密码错误。",
        };
        return Page();
    }

    /// <summary>Only a path on this site: an absolute or protocol-relative URL would make the sign-in page an open redirect.</summary>
    private string SafeReturnUrl() => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";
}
