namespace GanXian.CreditHub.Data;

/// <summary>
/// A schema that a library creates with its own code rather than through EF Core (Quartz's tables). <c>db migrate</c>
/// runs each after the migrations and before the <see cref="ISchemaExtension"/> scripts, so that it is created by the
/// tables' owner and covered by the grants to <c>Database:AppRole</c>, a role that may create nothing.
/// </summary>
public interface ISchemaProvisioner
{
    string Name { get; }

    Task ProvisionAsync(CancellationToken ct);
}
