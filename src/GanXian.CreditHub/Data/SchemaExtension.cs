namespace GanXian.CreditHub.Data;

/// <summary>
/// SQL that EF Core migrations cannot express portably (triggers, grants, functions), applied after the migrations by
/// <see cref="DatabaseMigrator"/> on every <c>db migrate</c>. Each script must be idempotent
/// (<c>CREATE OR REPLACE</c>, <c>DROP … IF EXISTS</c>), because it runs on every migrate. Register implementations as
/// singletons of this interface in the capability's composition method.
/// </summary>
public interface ISchemaExtension
{
    string Name { get; }

    /// <summary>Script for the given provider, or null when the provider needs nothing.</summary>
    string? Sql(DatabaseProvider provider);
}
