using Microsoft.Extensions.Options;
using OrdersAspire.EmbeddedKafka.Apis;
using OrdersAspire.EmbeddedKafka.Hosting;

namespace OrdersAspire.EmbeddedKafka.Extensions;

public static class Extensions
{
    /// <summary>Options (validated at start-up), the cluster's hosted service and its health check.</summary>
    public static IHostApplicationBuilder AddEmbeddedKafka(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EmbeddedKafkaOptions>()
            .Bind(builder.Configuration.GetSection(EmbeddedKafkaOptions.SectionName))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<EmbeddedKafkaOptions>, EmbeddedKafkaOptionsValidator>();
        builder.Services.AddSingleton<EmbeddedKafkaState>();
        builder.Services.AddHostedService<EmbeddedKafkaService>();
        builder.Services.AddHealthChecks().AddCheck<EmbeddedKafkaHealthCheck>(EmbeddedKafkaHealthCheck.Name);
        return builder;
    }

    public static WebApplication MapEmbeddedKafkaApis(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapKafkaApi();
        app.MapFaultsApi();
        return app;
    }

    /// <summary>
    /// Runs until SIGTERM / Ctrl+C (exit code 0). Invalid configuration refuses to start with exit code 2 and one line
    /// naming each bad key, instead of a stack trace.
    /// </summary>
    public static async Task<int> RunOrRefuseAsync(this WebApplication app)
    {
        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync($"EmbeddedKafka refused to start, invalid configuration: {string.Join(" ", ex.Failures)}");
            return 2;
        }
        catch (InvalidOperationException ex) when (ex.Source == "Microsoft.Extensions.Configuration.Binder")
        {
            // A value that does not convert (e.g. Brokers=many); the binder's message names the key.
            await Console.Error.WriteLineAsync($"EmbeddedKafka refused to start, invalid configuration: {ex.Message}");
            return 2;
        }
    }
}
