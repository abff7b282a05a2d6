using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace GanXian.CreditHub.Hosting;

/// <summary>
/// Refuses a query parameter the endpoint does not know (400, naming it and the ones it does know). Minimal APIs
/// ignore unknown names, so a misspelt or guessed filter (<c>?entity=</c> for <c>?entityKey=</c>, <c>?since=</c>)
/// silently answered with everything: an auditor would have read the unfiltered log as the entity's history.
/// Names starting with "_" (cache busters such as jQuery's <c>_=1733</c>) are let through.
/// </summary>
public static class QueryParameterCheck
{
    public static TBuilder RejectUnknownQueryParameters<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilterFactory((context, next) =>
        {
            var known = KnownNames(context.MethodInfo);
            var listed = string.Join("、", known.Order(StringComparer.Ordinal));
            return invocation =>
            {
                foreach (var name in invocation.HttpContext.Request.Query.Keys)
                {
                    if (!name.StartsWith('_') && !known.Contains(name))
                    {
                        // Masked: a pasted ID number may arrive as a parameter name.
                        var shown = PersonalIdRedactor.Mask(name);
                        var detail = known.Count == 0
                            ? $"此接口不接受查询参数，收到“{shown}”"
                            : $"未知的查询参数“{shown}”（此接口可用：{listed}）";
                        return ValueTask.FromResult<object?>(Results.Problem(detail, statusCode: StatusCodes.Status400BadRequest));
                    }
                }

                return next(invocation);
            };
        });
        return builder;
    }

    /// <summary>The query names the handler binds: its simple parameters and the members of [AsParameters] types, by their [FromQuery] names.</summary>
    internal static HashSet<string> KnownNames(MethodInfo method)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var p in method.GetParameters())
        {
            if (p.GetCustomAttribute<AsParametersAttribute>() is not null)
            {
                foreach (var member in p.ParameterType.GetConstructors().SelectMany(c => c.GetParameters()))
                {
                    Add(names, member, member.Name);
                }

                foreach (var property in p.ParameterType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    Add(names, property, property.Name);
                }

                continue;
            }

            Add(names, p, p.Name);
        }

        return names;
    }

    private static void Add(HashSet<string> names, ICustomAttributeProvider member, string? name)
    {
        var attributes = member.GetCustomAttributes(inherit: true);
        if (attributes.OfType<IFromBodyMetadata>().Any() || attributes.OfType<IFromServiceMetadata>().Any()
            || attributes.OfType<IFromRouteMetadata>().Any() || attributes.OfType<IFromHeaderMetadata>().Any())
        {
            return;
        }

        if (attributes.OfType<IFromQueryMetadata>().FirstOrDefault()?.Name is { } explicitName)
        {
            name = explicitName;
        }

        // Services, the request's context and the cancellation token are not query parameters; only what binds from text is.
        var type = member switch { ParameterInfo p => p.ParameterType, PropertyInfo p => p.PropertyType, _ => typeof(object) };
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsArray)
        {
            type = type.GetElementType()!;
        }

        var bindsFromText = type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(DateTimeOffset)
                            || type == typeof(DateTime) || type == typeof(DateOnly) || type == typeof(TimeOnly) || type == typeof(Guid);
        if (name is not null && bindsFromText)
        {
            names.Add(char.ToLowerInvariant(name[0]) + name[1..]);
        }
    }
}
