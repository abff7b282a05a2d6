using GanXian.CreditHub.Identity.Cli;

namespace GanXian.CreditHub.IntegrationTests.Identity;

/// <summary>Answers the CLI's password prompts from a queue, as a redirected standard input would.</summary>
internal sealed class FakePasswordInput : IPasswordInput
{
    public Queue<string?> Answers { get; } = new();

    public string? Read(string userName) => Answers.Count > 0 ? Answers.Dequeue() : null;

    public static Action<WebApplicationBuilder> Register(FakePasswordInput input) =>
        b => b.Services.AddSingleton<IPasswordInput>(input);
}
