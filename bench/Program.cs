using OrdersAspire.Bench.Running;

// dotnet run -c Release --project bench -- [--quick] [--output path] [--only section]
BenchOptions options;
try
{
    options = BenchOptions.Parse(args, BenchOptions.DefaultReport);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

AppDomain.CurrentDomain.ProcessExit += (_, _) => ServiceProcess.KillAll();
Console.CancelKeyPress += (_, _) => ServiceProcess.KillAll();
try
{
    return await BenchRunner.RunAsync(options);
}
finally
{
    ServiceProcess.KillAll();
}
