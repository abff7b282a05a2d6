using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace GanXian.CreditHub.Scheduling;

public static class JobOutcomes
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    /// <summary>Not started because another run holding the same lock was in progress.</summary>
    public const string Skipped = "skipped";

    public const string Cancelled = "cancelled";

    public static string Chinese(string outcome) => outcome switch
    {
        Running => "运行中",
        Succeeded => "成功",
        Failed => "失败",
        Skipped => "跳过",
        Cancelled => "已取消",
        _ => outcome,
    };
}

/// <summary>One execution of a job, scheduled or manual: the run history operators read with <c>jobs history</c>.</summary>
public sealed class JobRun
{
    public long Id { get; set; }

    public string JobName { get; set; } = "";

    public string JobType { get; set; } = "";

    /// <summary>The node (scheduler instance id) that ran it.</summary>
    public string Node { get; set; } = "";

    /// <summary><c>schedule</c>, <c>recovery</c> (taken over from a dead node) or <c>manual:USER</c>.</summary>
    public string Trigger { get; set; } = "";

    /// <summary>The scheduler's id of the firing, so a firing that ran twice or never would show.</summary>
    public string? FireInstanceId { get; set; }

    public DateTimeOffset? ScheduledFireTime { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public string Outcome { get; set; } = JobOutcomes.Running;

    /// <summary>The task's counts as JSON (<c>{"sent": 120}</c>).</summary>
    public string Counts { get; set; } = "{}";

    public string? Summary { get; set; }

    public string? Error { get; set; }
}

internal sealed class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> b)
    {
        b.ToTable("job_runs");
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).HasColumnName("id");
        b.Property(r => r.JobName).HasColumnName("job_name");
        b.Property(r => r.JobType).HasColumnName("job_type");
        b.Property(r => r.Node).HasColumnName("node");
        b.Property(r => r.Trigger).HasColumnName("trigger");
        b.Property(r => r.FireInstanceId).HasColumnName("fire_instance_id");
        b.Property(r => r.ScheduledFireTime).HasColumnName("scheduled_fire_time");
        b.Property(r => r.StartedAt).HasColumnName("started_at");
        b.Property(r => r.FinishedAt).HasColumnName("finished_at");
        b.Property(r => r.Outcome).HasColumnName("outcome");
        b.Property(r => r.Counts).HasColumnName("counts");
        b.Property(r => r.Summary).HasColumnName("summary");
        b.Property(r => r.Error).HasColumnName("error");
        b.Property(r => r.JobName).HasMaxLength(64).IsRequired();
        b.Property(r => r.JobType).HasMaxLength(64).IsRequired();
        b.Property(r => r.Node).HasMaxLength(128).IsRequired();
        b.Property(r => r.Trigger).HasMaxLength(160).IsRequired();
        b.Property(r => r.FireInstanceId).HasMaxLength(200);
        b.Property(r => r.Outcome).HasMaxLength(16).IsRequired();
        b.Property(r => r.Counts).IsRequired();
        b.Property(r => r.Summary).HasMaxLength(2000);
        b.Property(r => r.Error).HasMaxLength(4000);
        b.HasIndex(r => new { r.JobName, r.StartedAt }).HasDatabaseName("ix_job_runs_job_name_started_at");
        b.HasIndex(r => r.StartedAt).HasDatabaseName("ix_job_runs_started_at");
    }
}
