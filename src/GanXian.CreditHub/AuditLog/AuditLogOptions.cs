namespace GanXian.CreditHub.AuditLog;

/// <summary>Bound from the <c>AuditLog</c> section.</summary>
public sealed class AuditLogOptions
{
    public const string Section = "AuditLog";

    /// <summary>PKCS#8 PEM of the hub's ECDSA P-256 key; created by <c>audit keygen</c> (or on first use). Never in the repository.</summary>
    public string SigningKeyPath { get; set; } = "data/audit/signing-key.pem";

    /// <summary>Append-only JSON-lines file of signed checkpoints, kept outside the database (best on other storage).</summary>
    public string CheckpointsPath { get; set; } = "data/audit/checkpoints.jsonl";

    /// <summary>A checkpoint is written whenever a chain has grown by this many entries since its last one.</summary>
    public int CheckpointEvery { get; set; } = 10_000;

    /// <summary>Create the signing key when a checkpoint is due and no key exists yet (otherwise run <c>audit keygen</c> first).</summary>
    public bool GenerateKeyOnFirstUse { get; set; } = true;
}
