using OrdersAspire.Analysis.Telemetry;
using OrdersAspire.Analyzer.Apis;
using OrdersAspire.Analyzer.Cli;
using OrdersAspire.Analyzer.Extensions;
using Scalar.AspNetCore;

if (CliArguments.IsCli(args))
{
    return await AnalyzerCli.RunAsync(args, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();
app.Services.GetRequiredService<AnalyzerMetrics>();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseDefaultFiles();
app.UseStaticFiles();
app.MapOpenApi();
app.MapScalarApiReference();
app.MapDefaultEndpoints();
app.MapGroupsApi();
app.MapAutoscaleApi();
app.MapOffsetsApi();
await app.RunAsync();
return 0;

