using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace GanXian.CreditHub.Web;

/// <summary>An entry of the layout's navigation, shown to users who satisfy <see cref="Policy"/> (a <c>Policies</c> name).</summary>
public sealed record NavigationItem(string Title, string Href, string Policy, int Order = 500);

public static class NavigationComposition
{
    /// <summary>Adds an entry to the navigation; call from the capability's <c>AddX()</c> next to its pages.</summary>
    public static IServiceCollection AddHubNavigation(this IServiceCollection services, NavigationItem item) =>
        services.AddSingleton(item);
}

public sealed class NavigationMenu(IEnumerable<NavigationItem> items, IAuthorizationService authorization)
{
    public async Task<IReadOnlyList<NavigationItem>> VisibleToAsync(ClaimsPrincipal user)
    {
        var visible = new List<NavigationItem>();
        foreach (var item in items.OrderBy(i => i.Order).ThenBy(i => i.Title, StringComparer.Ordinal))
        {
            if ((await authorization.AuthorizeAsync(user, item.Policy)).Succeeded)
            {
                visible.Add(item);
            }
        }

        return visible;
    }
}
