using GanXian.CreditHub.Cli;
using GanXian.CreditHub.Hosting;

Console.OutputEncoding = System.Text.Encoding.UTF8;

return await CliRoot.RunAsync(() =>
{
    var builder = WebApplication.CreateBuilder(ContentRoot.Options(args));
    builder.AddCreditHub();

    var app = builder.Build();
    app.UseCreditHub();
    return app;
}, args);
