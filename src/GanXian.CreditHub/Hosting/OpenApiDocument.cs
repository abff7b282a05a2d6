using GanXian.CreditHub.Identity;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace GanXian.CreditHub.Hosting;

/// <summary>
/// The hub's API described as OpenAPI 3.1 at <c>/api/openapi/v1.json</c>, so that the machine clients of other systems
/// (the e-bidding system, a provincial tool) can be generated or checked against it rather than written from the
/// README. Only the <c>/api</c> endpoints are in it (the pages are for browsers); it names the two ways a machine
/// client authenticates. Like everything else it needs a role: the routes of an internal system are not public.
/// </summary>
public static class OpenApiDocumentComposition
{
    public const string Path = "/api/openapi/{documentName}.json";

    public static WebApplicationBuilder AddHubOpenApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi("v1", o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "赣县区人社局信用信息归集交换平台 API",
                    Version = "v1",
                    Description = "每个接口都需要角色：用 API 密钥（X-API-Key 请求头，或 Authorization: Bearer）调用；错误以 application/problem+json 返回，说明为中文。",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
                {
                    ["apiKey"] = new OpenApiSecurityScheme { Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = ApiKeyAuthenticationHandler.KeyHeader, Description = "API 密钥（apikeys create 生成）" },
                    ["bearer"] = new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "同一 API 密钥，放在 Authorization: Bearer 中" },
                };
                document.Security =
                [
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("apiKey", document)] = [] },
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] },
                ];
                return Task.CompletedTask;
            });
        });
        return builder;
    }

    /// <summary>
    /// Describes the body of an upload read by hand: one file in the <c>multipart/form-data</c> field
    /// <paramref name="field"/>, or the file's raw bytes. The endpoint cannot declare it with <c>Accepts</c>, which
    /// routing also enforces (a raw upload in any other content type would get 415), so the generator saw no body.
    /// </summary>
    public static RouteHandlerBuilder WithFileUploadBody(this RouteHandlerBuilder builder, string field) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = $"multipart/form-data 中名为 {field} 的一个文件；或文件的原始字节（任意 Content-Type，文件名用 ?name= 或 Content-Disposition 给出）",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["multipart/form-data"] = new()
                    {
                        Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Properties = new Dictionary<string, IOpenApiSchema> { [field] = Binary() },
                            Required = new HashSet<string> { field },
                        },
                    },
                    ["application/octet-stream"] = new() { Schema = Binary() },
                },
            };
            return Task.CompletedTask;
        });

    private static OpenApiSchema Binary() => new() { Type = JsonSchemaType.String, Format = "binary" };

    public static WebApplication MapHubOpenApi(this WebApplication app)
    {
        app.MapOpenApi(Path).RequireAuthorization(Policies.AnyRole).RejectUnknownQueryParameters();
        return app;
    }
}
